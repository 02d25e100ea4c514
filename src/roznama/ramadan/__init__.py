"""Ramadan: the strip on every page, the hub ("Ramadan Pedia"), exports, API and widget.

Times come from ``miqat`` (sehri and iftar by Pakistan's conventions, the Pakistani Hijri
calendar); editors add the month starts they announce and the cities the strip shows.
"""
