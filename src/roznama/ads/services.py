"""Which slots a page shows."""

from .models import AdSlot


def slots_for(placements: list[str]) -> dict[str, list[AdSlot]]:
    """The active slots of the given placements, grouped by placement, in one query."""
    grouped: dict[str, list[AdSlot]] = {p: [] for p in placements}
    for slot in AdSlot.objects.filter(active=True, placement__in=placements).select_related("image"):
        grouped[slot.placement].append(slot)
    return grouped
