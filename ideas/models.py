"""Ideas, supports, follows, reports and official answers.

State changes go through ``ideas.services``; the models only describe data.
Counters (supports, comments) are denormalised and kept exact by the services,
so list pages never count rows per idea.
"""

import math
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from participation import constants
from participation.accounts.models import User
from participation.page_locales import (
    PortalPageMixin,
    default_locale,
    default_locale_page,
    in_language,
    public_pages,
)
from participation.storage import private_storage
from reports.models import Report

from . import scoring

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]
CALL_IDEAS_SHOWN = 60


def in_active_language(obj, field):
    """``obj.<field>`` in the active language: ``<field>_en`` on English pages when an editor
    has filled it in, the German ``<field>`` otherwise (and always on German pages)."""
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


class Vocabulary(index.Indexed, models.Model):
    """A term editors manage for filtering ideas and pilots: a name (German, optionally
    English), a URL slug, an order. Pages show ``display_name``, the name in the page's
    language."""

    name = models.CharField(_("Name"), max_length=80, unique=True)
    name_en = models.CharField(
        _("Name auf Englisch"),
        max_length=80,
        blank=True,
        help_text=_("Für die englischen Seiten. Leer: Dort steht der deutsche Name."),
    )
    slug = models.SlugField(_("Kürzel (URL)"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("order")]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_en"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return in_active_language(self, "name")

    @classmethod
    def kept(cls, pk):
        """The topic or district ``pk`` from the copy kept per process (``None`` for ``None``);
        for pages that show one without joining it (:mod:`participation.constants`)."""
        if pk is None:
            return None
        by_id = constants.remember(
            ("vocabulary", cls.__name__), lambda: {v.pk: v for v in cls.objects.all()}
        )
        return by_id.get(pk) or cls.objects.filter(pk=pk).first()


class Topic(Vocabulary):
    description = models.TextField(_("Beschreibung"), blank=True)
    description_en = models.TextField(
        _("Beschreibung auf Englisch"),
        blank=True,
        help_text=_("Für die englischen Seiten. Leer: Dort steht die deutsche Beschreibung."),
    )

    panels = [
        *Vocabulary.panels[:3],
        FieldPanel("description"),
        FieldPanel("description_en"),
        Vocabulary.panels[3],
    ]

    class Meta(Vocabulary.Meta):
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")

    @property
    def display_description(self):
        return in_active_language(self, "description")


class District(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("Stadtbezirk")
        verbose_name_plural = _("Stadtbezirke")


# Stored text the editors may change (not translated); the scale is explained by the idea page.
CRITERIA_TEXT_DEFAULT = (
    "Die Stadt bewertet Wirkung, Kosten, Machbarkeit und Rechtslage einer Idee und begründet "
    "jede Bewertung."
)


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
        default=CRITERIA_TEXT_DEFAULT,
        help_text=_(
            "Wie die Stadt zu ihren Bewertungen kommt, zum Beispiel wer bewertet und woran. Die "
            "Skala selbst (1 bis 5, 5 ist immer das Günstigste für die Idee, mit Worten für "
            "jede Stufe) zeigt die Seite der Idee immer an; wiederholen Sie sie hier nicht."
        ),
    )
    criteria_text_en = models.TextField(
        _("Veröffentlichte Bewertungskriterien (Englisch)"),
        blank=True,
        help_text=_("Für die englischen Seiten. Leer: Dort steht der deutsche Text."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("support_threshold"), FieldPanel("collection_days")],
            heading=_("Schwelle"),
        ),
        FieldPanel("active_share_percent"),
        MultiFieldPanel(
            [FieldPanel("criteria_text"), FieldPanel("criteria_text_en")],
            heading=_("Bewertungskriterien"),
        ),
    ]

    class Meta:
        verbose_name = _("Beteiligungsregeln")

    @classmethod
    def current(cls):
        """The rules as pages show them: kept per process until an editor saves them
        (:mod:`participation.constants`). State changes read :meth:`load` instead."""
        return constants.remember("participation-settings", cls.load)

    @property
    def display_criteria_text(self):
        """The criteria text in the page's language (English pages: German when empty)."""
        return in_active_language(self, "criteria_text")

    def effective_threshold(self):
        threshold = self.support_threshold
        if self.active_share_percent and self.active_share_percent > 0:
            active = cache.get("ideas:active-accounts")
            if active is None:
                since = timezone.now() - timedelta(days=90)
                active = User.objects.filter(is_active=True, last_login__gte=since).count()
                cache.set("ideas:active-accounts", active, 3600)
            threshold = max(threshold, math.ceil(active * float(self.active_share_percent) / 100))
        return threshold


class IdeaQuerySet(models.QuerySet):
    def with_viewer(self, user):
        """Each idea with ``viewer_supports`` and ``viewer_follows``: whether ``user``
        supports and follows it (False for anonymous visitors), in the same query."""
        if not user.is_authenticated:
            return self.annotate(
                viewer_supports=models.Value(False), viewer_follows=models.Value(False)
            )
        return self.annotate(
            viewer_supports=models.Exists(
                Support.objects.filter(idea=models.OuterRef("pk"), user=user)
            ),
            viewer_follows=models.Exists(
                Follow.objects.filter(idea=models.OuterRef("pk"), user=user)
            ),
        )

    def public(self):
        # ``hidden__in=[False]`` rather than ``hidden=False``: SQLite turns the latter into
        # ``NOT "hidden"``, which cannot use the (hidden, …) indexes (100 ms vs 3 ms at 100k).
        return self.filter(hidden__in=[False]).exclude(status__in=Idea.NON_PUBLIC_STATUSES)

    def visible_to(self, user):
        """Public ideas, plus the user's own hidden or pending ones; editors and moderators
        see all."""
        public = models.Q(hidden=False) & ~models.Q(status__in=Idea.NON_PUBLIC_STATUSES)
        if user.is_authenticated:
            if getattr(user, "is_editorial", False):
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
            "topic__name_en",
            "topic__slug",
            "district__name",
            "district__name_en",
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
        MERGED = "merged", _("Zusammengeführt")

    # A merged idea is no longer listed, searched or exported: its page redirects to the
    # idea it was merged into (``merged_into``), which lists it.
    NON_PUBLIC_STATUSES = (Status.SUBMITTED, Status.MERGED)

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
        "CallForUseCasesPage",
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
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("zusammengeführt mit"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="merged_ideas",
    )
    merge_note = models.TextField(_("Anmerkung zur Zusammenführung"), blank=True)
    merged_at = models.DateTimeField(_("zusammengeführt am"), null=True, blank=True)

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
    reports = GenericRelation(Report, related_query_name="idea")

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

    @classmethod
    def cards_with_progress(cls, queryset, request, limit):
        """Newest ``limit`` idea cards of ``queryset`` with their progress towards the threshold.

        Returns ``(ideas, threshold, has_more)``; one query for the ideas, one more only if the
        threshold depends on the number of active accounts.
        """
        threshold = ParticipationSettings.current().effective_threshold()
        rows = list(queryset.for_cards().order_by("-created", "-id")[: limit + 1])
        for idea in rows[:limit]:
            idea.progress = idea.progress_percent(threshold)
        return rows[:limit], threshold, len(rows) > limit


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


class IdeaUserLink(models.Model):
    """One person's link to one idea (a support, a follow): at most one each, with its date."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="%(class)ss")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="%(class)ss"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="one_%(class)s_per_person")
        ]


class Support(IdeaUserLink):
    class Meta(IdeaUserLink.Meta):
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")
        indexes = [models.Index(fields=["idea", "created"], name="support_recent_idx")]

    def __str__(self):
        return f"{self.user_id} → {self.idea_id}"


class Follow(IdeaUserLink):
    """Following an idea: chosen by the person, or started by supporting or commenting.

    Withdrawing a support ends only the follow that supporting started.
    """

    class Origin(models.TextChoices):
        EXPLICIT = "explicit", _("Selbst gewählt")
        SUPPORT = "support", _("Durch Unterstützen")
        COMMENT = "comment", _("Durch Kommentieren")

    origin = models.CharField(
        _("Anlass"), max_length=10, choices=Origin.choices, default=Origin.EXPLICIT
    )

    class Meta(IdeaUserLink.Meta):
        verbose_name = _("Folgen")
        verbose_name_plural = _("Folgen")

    def __str__(self):
        return f"{self.user_id} folgt {self.idea_id}"


def score_field(criterion):
    """One of the published criteria on the portal's scale (``ideas.scoring``: 5 is always
    the favourable end), or not scored."""
    return models.PositiveSmallIntegerField(
        criterion.label,
        null=True,
        blank=True,
        choices=criterion.choices(),
        validators=scoring.validators(),
        help_text=criterion.hint,
    )


def score_reason_field(label):
    return models.CharField(label, max_length=500, blank=True)


class OfficialAnswer(models.Model):
    """The city's public answer to an idea, optionally scored against published criteria."""

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="official_answer")
    text = models.TextField(_("Antwort"), max_length=10000)
    impact = score_field(scoring.IMPACT)
    impact_note = score_reason_field(_("Begründung Wirkung"))
    cost = score_field(scoring.COST)
    cost_note = score_reason_field(_("Begründung Kosten"))
    feasibility = score_field(scoring.FEASIBILITY)
    feasibility_note = score_reason_field(_("Begründung Machbarkeit"))
    legal = score_field(scoring.LEGAL)
    legal_note = score_reason_field(_("Begründung Rechtslage"))
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
        """The given scores as ``ideas.scoring.Score`` (label, value, words, note), in the
        published order."""
        return [
            criterion.score(getattr(self, criterion.key), getattr(self, f"{criterion.key}_note"))
            for criterion in scoring.ANSWER_CRITERIA
            if getattr(self, criterion.key)
        ]


def pending_image_path(instance, filename):
    """``ideas/pending/<account>/<random>.<ext>``: the name the person gave is not kept."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"ideas/pending/{instance.user_id}/{uuid.uuid4().hex}.{extension}"


class PendingImage(models.Model):
    """An image accepted for a proposal that is not published yet (between the preview and
    "Veröffentlichen", or after a failed submit). Stored outside the media directory, shown only
    to its uploader (``views.pending_image``, for the preview); counts against
    ``PENDING_IMAGES_PER_ACCOUNT``; deleted when the idea is published, after a day
    (``run_daily``) and with the account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_images"
    )
    file = models.FileField(storage=private_storage, upload_to=pending_image_path, max_length=200)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("Zwischengespeichertes Bild")
        verbose_name_plural = _("Zwischengespeicherte Bilder")

    def delete(self, *args, **kwargs):
        self.file.delete(save=False)
        return super().delete(*args, **kwargs)


class PendingNotification(models.Model):
    """A notification waiting for its mail: the person's next coalesced mail (sent
    ``NOTIFICATION_WINDOW_MINUTES`` after their first waiting item) or, by preference, the
    daily or weekly digest."""

    class Delivery(models.TextChoices):
        MAIL = "mail", _("Nächste Mail")
        DAILY = "daily", _("Tägliche Zusammenfassung")
        WEEKLY = "weekly", _("Wöchentliche Zusammenfassung")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_notifications"
    )
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="+", null=True)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    created = models.DateTimeField(default=timezone.now)
    delivery = models.CharField(max_length=8, choices=Delivery.choices, default=Delivery.DAILY)

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["delivery", "user", "created"], name="pending_due_idx")]


class CallForUseCasesPage(PortalPageMixin, Page):
    """A call for use cases: a question, a topic, a deadline; residents submit ideas into it.

    Calls live under the university's pages (``research.UniversityIndexPage``), but they are a
    way of collecting ideas, so the model sits with the ideas: ``Idea.call`` points here, and
    the research groups behind a call point at it from above (``ResearchGroupPage.calls``).
    """

    question = models.TextField(_("Leitfrage"))
    body = RichTextField(_("Beschreibung"), features=RICH_TEXT_FEATURES, blank=True)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("Thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deadline = models.DateField(_("Einreichen bis"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("question"),
        FieldPanel("body"),
        FieldPanel("topic"),
        FieldPanel("deadline"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("question"), index.SearchField("body")]
    parent_page_types = ["research.UniversityIndexPage"]
    subpage_types = []
    template = "ideas/call_for_use_cases_page.html"

    class Meta:
        verbose_name = _("Aufruf für Anwendungsfälle")
        verbose_name_plural = _("Aufrufe für Anwendungsfälle")

    @classmethod
    def open_calls(cls):
        """Published calls that still take ideas (deadline today or later): the German pages,
        which ideas point at (a translation shows the ideas of its original)."""
        return (
            cls.objects.live()
            .filter(locale=default_locale(), deadline__gte=timezone.localdate())
            .order_by("deadline", "title")
        )

    @property
    def is_open(self):
        return self.deadline >= timezone.localdate()

    @property
    def source_call(self):
        """The German page this one translates (itself for a German page): ideas point there."""
        return default_locale_page(self)

    def get_groups(self):
        """The research groups behind the call, in the active language where translated."""
        return in_language(public_pages(self.source_call.research_groups.live())).order_by("title")

    def get_ideas(self):
        return Idea.objects.public().filter(call=self.source_call)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        ideas, threshold, has_more = Idea.cards_with_progress(
            self.get_ideas(), request, CALL_IDEAS_SHOWN
        )
        context.update(
            call_ideas=ideas,
            threshold=threshold,
            has_more_ideas=has_more,
            call_idea_count=self.get_ideas().count(),
            call_groups=list(self.get_groups()),
        )
        return context
