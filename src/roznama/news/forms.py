"""The article's edit form: an embed in the body is raw HTML from its provider, so adding or
changing one needs the raw-HTML permission (``roznama.rawhtml``), checked here on the server."""

from wagtail.admin.forms import WagtailAdminPageForm

from roznama.rawhtml import services as rawhtml


class ArticlePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        body = cleaned.get("body")
        if body is not None and not rawhtml.may_write_raw_html(self.for_user):
            before = self.instance.body if self.instance.pk else None
            if rawhtml.added_embeds(before, body):
                self.add_error("body", rawhtml.REFUSED_EMBED)
        return cleaned
