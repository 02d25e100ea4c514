"""Admin views that are not plain listings: retrying a quarantined payload."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import QuarantinedItem
from .pipeline import retry


@require_POST
@permission_required("wire.change_quarantineditem", raise_exception=True)
def retry_quarantined(request, pk):
    item = get_object_or_404(QuarantinedItem, pk=pk)
    result = retry(item)
    if result.ok:
        outcomes = "; ".join(f"{key}: {outcome}" for key, outcome in result.outcomes)
        messages.success(request, _("Ingested: %(outcomes)s") % {"outcomes": outcomes})
    else:
        messages.error(request, _("Still failing: %(reason)s") % {"reason": item.reason})
    return redirect("wagtailsnippets_wire_quarantineditem:list")
