"""Shared fixtures for miqat's tests: the JPL ephemeris and the authority timetables."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def ephemeris():
    """DE421 as shipped by skyfield-data: nothing is downloaded."""
    from skyfield.api import Loader
    from skyfield_data import get_skyfield_data_path

    load = Loader(get_skyfield_data_path(), verbose=False)
    return load("de421.bsp"), load.timescale(builtin=True)
