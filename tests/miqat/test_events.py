"""The event finder's forms agree: one place and day (``Sky``, ``altitude_crossing``) and many
places by many days (``SkyArray``), including its subsets (``where``) and the cells that
need more than the usual steps."""

from __future__ import annotations

import math

import numpy as np
import pytest

from miqat import events

JD0 = 2460676.5  # 2025-01-01
DAYS = 365


def _grid():
    rng = np.random.default_rng(3)
    latitude = np.concatenate([rng.uniform(-66, 66, 40), [51.5, 59.9, 64.1, 69.6, -54.8]])[:, None]
    longitude = rng.uniform(-180, 180, latitude.shape)
    t_noon = np.broadcast_to(0.5 - longitude / 360.0, (len(latitude), DAYS)).copy()
    return latitude, longitude, t_noon


@pytest.mark.parametrize("altitude,side", [(-0.8333, -1), (-0.8333, 1), (-18.0, -1), (-17.0, 1), (20.0, 1)])
def test_array_and_scalar_crossings_agree(altitude, side):
    latitude, longitude, t_noon = _grid()
    nodes = events.day_nodes_array(JD0, DAYS)[None, :, :]
    with np.errstate(invalid="ignore"):
        sky = events.SkyArray(nodes, latitude, longitude, t_noon)
        table = sky.crossing(altitude, side)
    for i in range(0, len(latitude), 3):
        for j in range(0, DAYS, 17):
            one = events.Sky(
                events.day_nodes(JD0 + j), float(latitude[i, 0]), float(longitude[i, 0]), float(t_noon[i, j])
            )
            assert abs(one.transit - sky.transit[i, j]) < 1e-9
            found = one.crossings([(altitude, side)])[0]
            alone = events.altitude_crossing(
                one.nodes, float(latitude[i, 0]), float(longitude[i, 0]), altitude, one.transit, side
            )
            assert found == alone
            if found is None:
                assert math.isnan(table[i, j]), (i, j)
            else:
                assert abs(found - table[i, j]) < 1e-9, (i, j, found, table[i, j])


def test_a_subset_is_the_same_as_the_whole():
    latitude, longitude, t_noon = _grid()
    nodes = events.day_nodes_array(JD0, DAYS)[None, :, :]
    rng = np.random.default_rng(5)
    with np.errstate(invalid="ignore"):
        sky = events.SkyArray(nodes, latitude, longitude, t_noon)
        for share in (0.01, 0.1, 0.9):
            where = rng.random(sky.shape) < share
            for start in (None, sky.transit - 1.0):
                whole = sky.crossing(-0.8333, 1, start=start)
                part = sky.crossing(-0.8333, 1, start=start, where=where)
                assert np.array_equal(part[where], whole[where], equal_nan=True)
