"""The blocks an article body is made of."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"
        template = "news/blocks/quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False)
    credit = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "news/blocks/image.html"


class VideoChooserBlock(SnippetChooserBlock):
    """Chooses a Video; loads every video of the body, with poster and captions, in bulk."""

    def __init__(self, **kwargs):
        super().__init__("news.Video", **kwargs)

    def bulk_to_python(self, values):
        from .models import Video

        objects = Video.objects.select_related("poster").prefetch_related("captions").in_bulk([v for v in values if v])
        return [objects.get(v) for v in values]

    class Meta:
        icon = "media"
        template = "news/blocks/video.html"


class AdBreakBlock(blocks.StaticBlock):
    class Meta:
        icon = "placeholder"
        label = _("Ad break")
        admin_text = _("An in-article advertisement is shown here.")


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], template="news/blocks/paragraph.html"
    )
    subheading = blocks.CharBlock(icon="title", template="news/blocks/subheading.html")
    quote = QuoteBlock()
    image = ImageBlock()
    video = VideoChooserBlock()
    embed = EmbedBlock(icon="code", template="news/blocks/embed.html")
    ad_break = AdBreakBlock()
