"""ΔT, the difference between Terrestrial Time (the even time of the ephemerides) and
Universal Time (the time of the Earth's rotation): TT = UT + ΔT.

The polynomials are those of Espenak and Meeus (NASA, "Five Millennium Canon of Solar
Eclipses", 2006), which Meeus's own books follow.  For the Sun the exact value hardly
matters: the Sun moves 0.04″ of longitude in a second of time, so even a ΔT that is ten
seconds off moves a sunset by well under a tenth of a second.  It is kept because the solar
theory is a function of TT, not of UT.
"""

from __future__ import annotations


def delta_t(year: float) -> float:
    """ΔT in seconds at a decimal year (valid 1800 to 2150, a parabola outside that)."""
    y = year
    if y < 1800 or y >= 2150:
        u = (y - 1820) / 100
        return -20 + 32 * u * u
    if y < 1860:
        t = y - 1800
        return (
            13.72
            - 0.332447 * t
            + 0.0068612 * t**2
            + 0.0041116 * t**3
            - 0.00037436 * t**4
            + 0.0000121272 * t**5
            - 0.0000001699 * t**6
            + 0.000000000875 * t**7
        )
    if y < 1900:
        t = y - 1860
        return 7.62 + 0.5737 * t - 0.251754 * t**2 + 0.01680668 * t**3 - 0.0004473624 * t**4 + t**5 / 233174
    if y < 1920:
        t = y - 1900
        return -2.79 + 1.494119 * t - 0.0598939 * t**2 + 0.0061966 * t**3 - 0.000197 * t**4
    if y < 1941:
        t = y - 1920
        return 21.20 + 0.84493 * t - 0.076100 * t**2 + 0.0020936 * t**3
    if y < 1961:
        t = y - 1950
        return 29.07 + 0.407 * t - t**2 / 233 + t**3 / 2547
    if y < 1986:
        t = y - 1975
        return 45.45 + 1.067 * t - t**2 / 260 - t**3 / 718
    if y < 2005:
        t = y - 2000
        return 63.86 + 0.3345 * t - 0.060374 * t**2 + 0.0017275 * t**3 + 0.000651814 * t**4 + 0.00002373599 * t**5
    if y < 2050:
        t = y - 2000
        return 62.92 + 0.32217 * t + 0.005589 * t**2
    u = (y - 1820) / 100
    return -20 + 32 * u * u - 0.5628 * (2150 - y)
