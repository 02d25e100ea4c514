"""The ad slot's edit form: unit code is the ad server's HTML and script, put on every page
that shows the slot, so writing or changing it needs the raw-HTML permission
(``roznama.rawhtml``), checked here on the server."""

from wagtail.admin.forms import WagtailAdminModelForm

from roznama.rawhtml import services as rawhtml


class AdSlotForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if "unit_code" in cleaned and not rawhtml.may_write_raw_html(self.for_user):
            before = self.instance.unit_code if self.instance.pk else ""
            if rawhtml.ad_code_changed(before, cleaned["unit_code"]):
                self.add_error("unit_code", rawhtml.REFUSED_AD_CODE)
        return cleaned
