"""Ideas, supports, follows, reports and official answers.

State changes go through ``ideas.services``; the models only describe data.
Counters (supports, comments) are denormalised and kept exact by the services,
so list pages never count rows per idea.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.search import index


class Topic(index.Indexed, models.Model):
    name = models.CharField(_("Name"), max_length=80, unique=True)
    slug = models.SlugField(_("Kürzel (URL)"), max_length=80, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")

    def __str__(self):
        return self.name


class District(index.Indexed, models.Model):
    name = models.CharField(_("Name"), max_length=80, unique=True)
    slug = models.SlugField(_("Kürzel (URL)"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Stadtbezirk")
        verbose_name_plural = _("Stadtbezirke")

    def __str__(self):
        return self.name


@register_setting(icon="pick")
class ParticipationSettings(BaseGenericSetting):
    """Editor-managed rules for collecting support."""

    support_threshold = models.PositiveIntegerField(
        _("Schwelle (Unterstützungen)"),
        default=50,
        validators=[MinValueValidator(1)],
        help_text=_("So viele Unterstützungen braucht eine Idee, um geprüft zu werden."),
    )
    collection_days = models.PositiveIntegerField(
        _("Sammelzeitraum in Tagen"), default=90, validators=[MinValueValidator(1)]
    )
    active_share_percent = models.DecimalField(
        _("Mindestanteil aktiver Konten (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Optional: die Schwelle steigt auf diesen Anteil der Konten, die in den letzten "
            "90 Tagen aktiv waren. 0 schaltet die Regel ab."
        ),
    )
    criteria_text = models.TextField(
        _("Veröffentlichte Bewertungskriterien"),
        blank=True,
        default=(
            "Wirkung, Kosten, Machbarkeit und Rechtslage werden jeweils mit 1 (gering) bis "
            "5 (hoch) bewertet und begründet."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("support_threshold"), FieldPanel("collection_days")],
            heading=_("Schwelle"),
        ),
        FieldPanel("active_share_percent"),
        FieldPanel("criteria_text"),
    ]

    class Meta:
        verbose_name = _("Beteiligungsregeln")

    def effective_threshold(self):
        threshold = self.support_threshold
        if self.active_share_percent and self.active_share_percent > 0:
            active = cache.get("ideas:active-accounts")
            if active is None:
                from participation.accounts.models import User

                since = timezone.now() - timedelta(days=90)
                active = User.objects.filter(is_active=True, last_login__gte=since).count()
                cache.set("ideas:active-accounts", active, 3600)
            threshold = max(threshold, math.ceil(active * float(self.active_share_percent) / 100))
        return threshold


class IdeaQuerySet(models.QuerySet):
    def public(self):
        # ``hidden__in=[False]`` rather than ``hidden=False``: SQLite turns the latter into
        # ``NOT "hidden"``, which cannot use the (hidden, …) indexes (100 ms vs 3 ms at 100k).
        return self.filter(hidden__in=[False]).exclude(status__in=Idea.NON_PUBLIC_STATUSES)

    def visible_to(self, user):
        """Public ideas, plus the user's own hidden or pending ones; editors see all."""
        public = models.Q(hidden=False) & ~models.Q(status__in=Idea.NON_PUBLIC_STATUSES)
        if user.is_authenticated:
            if getattr(user, "is_editor", False):
                return self.all()
            return self.filter(public | models.Q(author=user))
        return self.filter(public)

    def for_cards(self):
        return self.select_related("topic", "district").only(
            "id",
            "reference",
            "title",
            "slug",
            "status",
            "image",
            "image_alt",
            "support_count",
            "comment_count",
            "assessment_count",
            "created",
            "collection_ends_at",
            "hidden",
            "topic__name",
            "topic__slug",
            "district__name",
            "district__slug",
        )


class Idea(index.Indexed, models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Eingereicht (in Prüfung)")
        PUBLISHED = "published", _("Sammelt Unterstützung")
        THRESHOLD_REACHED = "threshold_reached", _("Schwelle erreicht")
        IN_REVIEW = "in_review", _("In Prüfung")
        PILOT = "pilot", _("Pilotprojekt")
        DECLINED = "declined", _("Abgelehnt")
        IMPLEMENTED = "implemented", _("Umgesetzt")
        EXPIRED = "expired", _("Zeitraum abgelaufen")
        WITHDRAWN = "withdrawn", _("Zurückgezogen")

    NON_PUBLIC_STATUSES = (Status.SUBMITTED,)

    reference = models.CharField(
        _("Aktenzeichen"), max_length=32, unique=True, null=True, blank=True, editable=False
    )
    title = models.CharField(_("Titel"), max_length=120)
    slug = models.SlugField(max_length=140, editable=False)
    text = models.TextField(_("Beschreibung"), validators=[MinLengthValidator(50)], max_length=5000)
    summary_easy = models.TextField(
        _("Zusammenfassung in Leichter Sprache"), blank=True, max_length=1000
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("Thema"), on_delete=models.PROTECT, related_name="ideas"
    )
    district = models.ForeignKey(
        District, verbose_name=_("Stadtbezirk"), on_delete=models.PROTECT, related_name="ideas"
    )
    place = models.CharField(_("Ort (Beschreibung)"), max_length=200, blank=True)
    call = models.ForeignKey(
        "cms.CallForUseCasesPage",
        verbose_name=_("Aufruf"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    image = models.ImageField(_("Bild"), upload_to="ideas/%Y/%m/", blank=True)
    image_alt = models.CharField(_("Bildbeschreibung (Alternativtext)"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verfasst von"),
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )
    hidden = models.BooleanField(_("ausgeblendet"), default=False)
    hidden_reason = models.TextField(_("Grund für das Ausblenden"), blank=True)
    decline_reason = models.TextField(_("Begründung der Ablehnung"), blank=True)

    created = models.DateTimeField(_("erstellt"), default=timezone.now, db_index=True)
    updated = models.DateTimeField(_("geändert"), auto_now=True)
    published_at = models.DateTimeField(_("veröffentlicht"), null=True, blank=True)
    collection_ends_at = models.DateTimeField(_("Sammelzeitraum endet"), null=True, blank=True)
    threshold_reached_at = models.DateTimeField(_("Schwelle erreicht am"), null=True, blank=True)

    support_count = models.PositiveIntegerField(_("Unterstützungen"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("Kommentare"), default=0, editable=False)
    assessment_count = models.PositiveIntegerField(_("Einschätzungen"), default=0, editable=False)
    recent_support_count = models.PositiveIntegerField(
        _("Unterstützungen der letzten 14 Tage"), default=0, editable=False
    )
    report_count = models.PositiveIntegerField(_("Meldungen"), default=0, editable=False)

    objects = IdeaQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("text"),
        index.SearchField("summary_easy"),
        index.SearchField("place"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("hidden"),
        index.FilterField("topic_id"),
        index.FilterField("district_id"),
        index.FilterField("created"),
    ]

    class Meta:
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["hidden", "created", "id"], name="idea_new_idx"),
            models.Index(fields=["hidden", "support_count", "id"], name="idea_support_idx"),
            models.Index(fields=["hidden", "comment_count", "id"], name="idea_comment_idx"),
            models.Index(fields=["hidden", "recent_support_count", "id"], name="idea_trend_idx"),
            models.Index(fields=["topic", "created", "id"], name="idea_topic_idx"),
            models.Index(fields=["district", "created", "id"], name="idea_district_idx"),
            models.Index(fields=["status", "support_count", "id"], name="idea_status_idx"),
            models.Index(fields=["author", "created"], name="idea_author_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(support_count__gte=0), name="idea_support_count_nonneg"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = (slugify(self.title) or "idee")[:140]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("ideas:detail", kwargs={"pk": self.pk, "slug": self.slug or "idee"})

    @property
    def is_collecting(self):
        return self.status == self.Status.PUBLISHED and not self.hidden

    @property
    def is_public(self):
        return not self.hidden and self.status not in self.NON_PUBLIC_STATUSES

    def days_left(self, now=None):
        if not self.collection_ends_at or self.status != self.Status.PUBLISHED:
            return None
        now = now or timezone.now()
        return max(0, math.ceil((self.collection_ends_at - now).total_seconds() / 86400))

    def progress_percent(self, threshold):
        if not threshold:
            return 100
        return min(100, round(self.support_count * 100 / threshold))


class IdeaStatusChange(models.Model):
    """Public history of an idea's status."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Idea.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Idea.Status.choices)
    note = models.TextField(_("Anmerkung"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")

    def __str__(self):
        return f"{self.idea_id}: {self.from_status} → {self.to_status}"


class Support(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="one_support_per_person")
        ]
        indexes = [models.Index(fields=["idea", "created"], name="support_recent_idx")]

    def __str__(self):
        return f"{self.user_id} → {self.idea_id}"


class Follow(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Folgen")
        verbose_name_plural = _("Folgen")
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="one_follow_per_person")
        ]

    def __str__(self):
        return f"{self.user_id} folgt {self.idea_id}"


class IdeaReport(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Werbung oder Spam")
        OFFENSIVE = "offensive", _("Beleidigend oder diskriminierend")
        PERSONAL = "personal", _("Enthält persönliche Daten")
        ILLEGAL = "illegal", _("Rechtswidriger Inhalt")
        OTHER = "other", _("Anderer Grund")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_reports"
    )
    reason = models.CharField(_("Grund"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("Erläuterung"), blank=True, max_length=1000)
    created = models.DateTimeField(_("gemeldet am"), default=timezone.now)
    resolved = models.BooleanField(_("erledigt"), default=False)

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "reporter"], name="one_report_per_person")
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.idea}"


class OfficialAnswer(models.Model):
    """The city's public answer to an idea, optionally scored against published criteria."""

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="official_answer")
    text = models.TextField(_("Antwort"), max_length=10000)
    impact = models.PositiveSmallIntegerField(
        _("Wirkung"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact_note = models.CharField(_("Begründung Wirkung"), max_length=500, blank=True)
    cost = models.PositiveSmallIntegerField(
        _("Kosten"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    cost_note = models.CharField(_("Begründung Kosten"), max_length=500, blank=True)
    feasibility = models.PositiveSmallIntegerField(
        _("Machbarkeit"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    feasibility_note = models.CharField(_("Begründung Machbarkeit"), max_length=500, blank=True)
    legal = models.PositiveSmallIntegerField(
        _("Rechtslage"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    legal_note = models.CharField(_("Begründung Rechtslage"), max_length=500, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Offizielle Antwort")
        verbose_name_plural = _("Offizielle Antworten")

    def __str__(self):
        return f"Antwort auf {self.idea}"

    def scores(self):
        rows = [
            (_("Wirkung"), self.impact, self.impact_note),
            (_("Kosten"), self.cost, self.cost_note),
            (_("Machbarkeit"), self.feasibility, self.feasibility_note),
            (_("Rechtslage"), self.legal, self.legal_note),
        ]
        return [row for row in rows if row[1]]


class PendingNotification(models.Model):
    """A notification waiting for the recipient's daily digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_notifications"
    )
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="+", null=True)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]


# --- Comments, research (issue "Comments, researcher badge, assessments") -------------------

from django_comments_xtd.models import XtdComment  # noqa: E402


class Comment(XtdComment):
    """A comment on an idea or a pilot (django-comments-xtd), with moderation metadata."""

    xtdcomment_ptr = models.OneToOneField(
        XtdComment, parent_link=True, on_delete=models.CASCADE, related_name="portal_comment"
    )
    is_official = models.BooleanField(_("offizielle Antwort der Stadt"), default=False)
    edited_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)
    report_count = models.PositiveIntegerField(_("offene Meldungen"), default=0)
    hidden_by_reports = models.BooleanField(_("wegen Meldungen ausgeblendet"), default=False)

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(_("Grund"), max_length=20, choices=IdeaReport.Reason.choices)
    note = models.TextField(_("Erläuterung"), blank=True, max_length=1000)
    created = models.DateTimeField(_("gemeldet am"), default=timezone.now)
    resolved = models.BooleanField(_("erledigt"), default=False)

    class Meta:
        verbose_name = _("Kommentar-Meldung")
        verbose_name_plural = _("Kommentar-Meldungen")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="one_comment_report_per_person"
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.comment_id}"


class ResearcherProfile(models.Model):
    """What a researcher shows publicly: ORCID, expertise, a short bio.

    Institution and chair live on the account (they label the researcher badge).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="researcher_profile"
    )
    orcid = models.CharField(
        _("ORCID"),
        max_length=19,
        blank=True,
        help_text=_("Format 0000-0000-0000-000X"),
    )
    expertise = models.ManyToManyField(
        Topic, verbose_name=_("Fachgebiete"), blank=True, related_name="researchers"
    )
    bio = models.TextField(_("Kurzbeschreibung"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("Forschungsprofil")
        verbose_name_plural = _("Forschungsprofile")

    def __str__(self):
        return str(self.user)


class Assessment(models.Model):
    """A researcher's structured, public feasibility assessment of an idea (one per idea each)."""

    class Rating(models.IntegerChoices):
        LOW = 1, _("gering")
        MEDIUM = 2, _("mittel")
        HIGH = 3, _("hoch")

    class CostRange(models.TextChoices):
        UNDER_10K = "lt10k", _("unter 10.000 €")
        UNDER_50K = "lt50k", _("10.000 – 50.000 €")
        UNDER_250K = "lt250k", _("50.000 – 250.000 €")
        OVER_250K = "gt250k", _("über 250.000 €")
        UNKNOWN = "unknown", _("noch nicht abschätzbar")

    class Recommendation(models.TextChoices):
        PILOT = "pilot", _("Geeignet für ein Pilotprojekt")
        RESEARCH = "research", _("Braucht weitere Forschung")
        NOT_FEASIBLE = "not_feasible", _("Nicht umsetzbar")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="assessments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments"
    )
    technical_rating = models.PositiveSmallIntegerField(
        _("Technische Machbarkeit"), choices=Rating.choices
    )
    technical_text = models.TextField(_("Technische Machbarkeit – Begründung"), max_length=3000)
    data_protection_text = models.TextField(_("Datenschutz"), max_length=3000)
    cost_range = models.CharField(_("Kostenrahmen"), max_length=10, choices=CostRange.choices)
    cost_text = models.TextField(_("Kosten – Begründung"), max_length=2000, blank=True)
    evidence = models.TextField(
        _("Belege (Links)"),
        blank=True,
        max_length=3000,
        help_text=_("Eine Adresse (https://…) pro Zeile."),
    )
    partners_text = models.TextField(_("Benötigte Partner"), blank=True, max_length=2000)
    data_sensors_text = models.TextField(
        _("Benötigte Daten oder Sensoren"), blank=True, max_length=2000
    )
    recommendation = models.CharField(
        _("Empfehlung"), max_length=20, choices=Recommendation.choices
    )
    recommendation_text = models.TextField(_("Empfehlung – Begründung"), max_length=3000)
    created = models.DateTimeField(_("veröffentlicht"), default=timezone.now)
    updated = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Machbarkeitseinschätzung")
        verbose_name_plural = _("Machbarkeitseinschätzungen")
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "author"], name="one_assessment_per_researcher")
        ]

    def __str__(self):
        return f"{self.author} → {self.idea}"

    def evidence_links(self):
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]


class PartnerOffer(models.Model):
    """A research group offers to partner on an idea (a chair, a course, a lab)."""

    class Kind(models.TextChoices):
        CHAIR = "chair", _("Lehrstuhl")
        COURSE = "course", _("Lehrveranstaltung")
        LAB = "lab", _("Labor")

    class State(models.TextChoices):
        OFFERED = "offered", _("Angeboten")
        ACCEPTED = "accepted", _("Angenommen")
        DECLINED = "declined", _("Abgelehnt")
        WITHDRAWN = "withdrawn", _("Zurückgezogen")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="partner_offers")
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="partner_offers"
    )
    group = models.ForeignKey(
        "cms.ResearchGroupPage",
        verbose_name=_("Forschungsgruppe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_offers",
    )
    group_name = models.CharField(_("Gruppe / Lehrstuhl"), max_length=200)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.CHAIR)
    message = models.TextField(_("Angebot"), max_length=2000)
    state = models.CharField(
        _("Stand"), max_length=10, choices=State.choices, default=State.OFFERED, db_index=True
    )
    created = models.DateTimeField(_("angeboten am"), default=timezone.now)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Partnerschaftsangebot")
        verbose_name_plural = _("Partnerschaftsangebote")
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "offered_by"],
                condition=models.Q(state__in=["offered", "accepted"]),
                name="one_open_offer_per_researcher",
            )
        ]

    def __str__(self):
        return f"{self.group_name} → {self.idea}"
