"""The errors miqat raises, each a subclass of ValueError so that callers who only check
for bad input keep working, and each saying what was wrong in plain words."""

from __future__ import annotations


class MiqatError(ValueError):
    """Base class of every error raised by miqat."""


class UnknownPlace(MiqatError, LookupError):
    """No place in the registry answers to the name; ``suggestions`` holds the closest
    matches (``Place`` objects, best first) so that a caller can offer them."""

    def __init__(self, query: str, suggestions: list | tuple = ()):
        self.query = query
        self.suggestions = list(suggestions)
        message = f"unknown place {query!r}"
        if self.suggestions:
            names = ", ".join(_describe(p) for p in self.suggestions[:5])
            message += f"; did you mean: {names}?"
        super().__init__(message)


class UnknownMethod(MiqatError):
    """The calculation method named is not one miqat knows."""


class DateOutOfRange(MiqatError):
    """The date lies outside the years miqat computes (see ``miqat.FIRST_YEAR``)."""


class NoTimeError(MiqatError):
    """A time does not exist on that day at that place (the Sun never reaches the angle,
    or it never rises or sets) and no high-latitude rule or polar resolution was asked for
    that would give one."""


class PolarError(NoTimeError):
    """The Sun neither rises nor sets that day (polar day or polar night) and no polar
    resolution was chosen."""


def _describe(place) -> str:
    name = getattr(place, "name", str(place))
    country = getattr(place, "country", "")
    code = getattr(place, "code", "")
    label = f"{name} ({country})" if country else name
    return f"{label} [{code}]" if code else label
