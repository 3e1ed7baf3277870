"""The building blocks of a story body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(
        label=_("who said it"), required=False, max_length=120
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cms/blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    """A prominent link, e.g. to a vacancy or a product page."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False)
    button_label = blocks.CharBlock(label=_("button label"), max_length=40)
    url = blocks.URLBlock(label=_("link"))

    class Meta:
        icon = "link-external"
        label = _("Call to action")
        template = "cms/blocks/call_to_action.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(
        label=_("video URL"),
        help_text=_("A YouTube or Vimeo link; it is embedded in the story."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=200)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "cms/blocks/video.html"


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Text"),
        template="cms/blocks/paragraph.html",
    )
    image = ImageBlock(label=_("Image"), template="cms/blocks/image.html")
    quote = QuoteBlock()
    video = VideoBlock()
    call_to_action = CallToActionBlock()

    class Meta:
        block_counts = {"call_to_action": {"max_num": 2}}
