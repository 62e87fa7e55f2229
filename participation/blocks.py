"""Blocks shared by the portal's page types.

Wagtail's page editor writes a StreamField as many form fields (``kpis-count``,
``kpis-0-type``, ``kpis-0-order``, …) through its script. Wagtail reads them with
``data[...]`` and ``int(...)``: a POST without one of them (a hand-made or cut-off request)
raised ``KeyError`` or ``ValueError``, a 500. ``EditorStreamBlock`` reads such data as a
form error instead; the editor shows the page again and nothing is saved.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError, StreamValue


class UnreadableStreamValue(StreamValue):
    """What an ``EditorStreamBlock`` reads from incomplete form data: empty, and invalid."""


class EditorStreamBlock(blocks.StreamBlock):
    unreadable_message = _(
        "Dieser Bereich konnte nicht gelesen werden, die Formulardaten sind unvollständig. "
        "Bitte laden Sie die Seite neu und geben Sie die Inhalte erneut ein."
    )

    def value_from_datadict(self, data, files, prefix):
        try:
            return super().value_from_datadict(data, files, prefix)
        except (KeyError, ValueError, TypeError):
            return UnreadableStreamValue(self, [])

    def clean(self, value):
        if isinstance(value, UnreadableStreamValue):
            raise StreamBlockValidationError(non_block_errors=[self.unreadable_message])
        return super().clean(value)
