"""Admin forms: a post's edit form asks for a correction note when a published post's text
changes (kept with the earlier text), the live desk's quick post, the moon-sighting night."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import LiveBlogPage, LivePost, LivePostCorrection


class LivePostAdminForm(WagtailAdminModelForm):
    correction_note = forms.CharField(
        label=_("Correction note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the text of a published post changes; shown to readers with the post."),
    )

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        was_published = instance.pk and LivePost.objects.filter(pk=instance.pk, state=LivePost.State.PUBLISHED).exists()
        if (
            was_published
            and {"headline", "body"} & set(self.changed_data)
            and not cleaned.get("correction_note", "").strip()
        ):
            self.add_error("correction_note", _("Say what was corrected: the note is shown with the post."))
        return cleaned

    def save(self, commit=True):
        instance = self.instance
        if instance.pk and self.cleaned_data.get("correction_note", "").strip():
            before = LivePost.objects.get(pk=instance.pk)
            LivePostCorrection.objects.create(
                post=before,
                note=self.cleaned_data["correction_note"].strip(),
                previous_headline=before.headline,
                previous_body=before.body,
                corrected_by=getattr(self, "for_user", None),
            )
        if instance.state == LivePost.State.PUBLISHED and instance.published_at is None:
            from django.utils import timezone

            instance.published_at = timezone.now()
        return super().save(commit=commit)


class QuickPostForm(forms.ModelForm):
    class Meta:
        model = LivePost
        fields = ["kind", "headline", "body", "quote_source", "embed_url", "score_lines", "pinned", "author"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4}), "score_lines": forms.Textarea(attrs={"rows": 2})}


class MoonSightingForm(forms.Form):
    from roznama.ramadan.models import MonthDeclaration

    hijri_year = forms.IntegerField(label=_("Hijri year"), min_value=1400, max_value=1500)
    month = forms.TypedChoiceField(
        label=_("month"), coerce=int, choices=MonthDeclaration.Month.choices, initial=MonthDeclaration.Month.RAMADAN
    )
    first_day = forms.DateField(label=_("first day"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(label=_("source"), initial="Central Ruet-e-Hilal Committee", max_length=200)
    live_blog = forms.ModelChoiceField(label=_("live blog"), queryset=LiveBlogPage.objects.none(), required=False)
    text = forms.CharField(label=_("announcement"), max_length=200)
    text_ur = forms.CharField(label=_("announcement in Urdu"), max_length=200, required=False)
    ticker_hours = forms.FloatField(label=_("breaking line for (hours)"), initial=6, min_value=0.25, max_value=48)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["live_blog"].queryset = LiveBlogPage.objects.live().filter(status=LiveBlogPage.Status.OPEN)
