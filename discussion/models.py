"""Comments on ideas and pilot pages: django-comments-xtd's comment with moderation metadata.

Which objects can be discussed is ``discussion.targets``; reports on comments are
``reports.Report`` rows (``comment.reports``).
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment

from reports.models import Report


class Comment(XtdComment):
    """A comment on an idea or a pilot (django-comments-xtd), with moderation metadata."""

    xtdcomment_ptr = models.OneToOneField(
        XtdComment, parent_link=True, on_delete=models.CASCADE, related_name="portal_comment"
    )
    is_official = models.BooleanField(_("offizielle Antwort der Stadt"), default=False)
    edited_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)
    report_count = models.PositiveIntegerField(_("offene Meldungen"), default=0)
    hidden_by_reports = models.BooleanField(_("wegen Meldungen ausgeblendet"), default=False)
    reports = GenericRelation(Report, related_query_name="comment")

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
