"""What residents report: one model for every reportable object (ideas, comments).

Like adhocracy4's ``reports``: the report points at its object through a generic relation,
so the apps whose objects can be reported (``ideas``, ``discussion``) sit above this one and
add a ``GenericRelation(Report)`` (``idea.reports``, ``comment.reports``), which also deletes
the reports with their object. What a number of open reports does (hide the idea, hide the
comment) is the reporting app's own rule; the counting and settling is ``reports.services``.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Werbung oder Spam")
        OFFENSIVE = "offensive", _("Beleidigend oder diskriminierend")
        PERSONAL = "personal", _("Enthält persönliche Daten")
        ILLEGAL = "illegal", _("Rechtswidriger Inhalt")
        OTHER = "other", _("Anderer Grund")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(_("Grund"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("Erläuterung"), blank=True, max_length=1000)
    created = models.DateTimeField(_("gemeldet am"), default=timezone.now)
    resolved = models.BooleanField(_("erledigt"), default=False)

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"], name="one_report_per_person"
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id", "resolved"], name="report_open_idx")
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.content_type.model} {self.object_id}"
