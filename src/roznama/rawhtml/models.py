"""The permission to write raw HTML, held by a model without a table (as Wagtail's own
``wagtailadmin.access_admin``): the permission needs a content type, not rows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RawHTML(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("write_raw_html", _("Can write raw HTML (ad code and embeds)"))]
        verbose_name = _("raw HTML")
