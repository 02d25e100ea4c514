"""The permission is listed on the admin's group page (Settings › Groups › Other permissions),
where an administrator grants it."""

from django.contrib.auth.models import Permission
from wagtail import hooks


@hooks.register("register_permissions")
def raw_html_permission():
    return Permission.objects.filter(content_type__app_label="rawhtml", codename="write_raw_html")
