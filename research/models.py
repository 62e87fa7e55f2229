"""Research: researchers' profiles, feasibility assessments, partner offers, and the
university's collaboration pages under /universitaet/ (index and research groups).

State changes go through ``research.services``; who may do what is ``research.permissions``.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ideas import scoring
from ideas.models import RICH_TEXT_FEATURES, CallForUseCasesPage, Idea, Topic
from participation.page_locales import (
    PortalPageMixin,
    children_in_language,
    default_locale_page,
    in_language,
    public_pages,
)

GROUP_IDEAS_SHOWN = 24
PAST_CALLS_SHOWN = 20


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
        scoring.TECHNICAL_FEASIBILITY.label,
        choices=scoring.TECHNICAL_FEASIBILITY.choices(),
        validators=scoring.validators(),
        help_text=scoring.TECHNICAL_FEASIBILITY.hint,
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

    def technical_score(self):
        """The technical feasibility on the portal's scale, as words and number."""
        return scoring.TECHNICAL_FEASIBILITY.score(self.technical_rating)

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
        "ResearchGroupPage",
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
        return f"{self.partner_name} → {self.idea}"

    @property
    def partner_name(self):
        """The group as shown: its name, or "Gelöschtes Konto" once a deleted account's own
        group name is gone (``research.gdpr.delete_research_data``)."""
        return self.group_name or self.offered_by.public_name


class UniversityIndexPage(PortalPageMixin, Page):
    """``/universitaet/``: how city and university work together; groups and calls."""

    intro = RichTextField(_("Einleitung"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["research.ResearchGroupPage", "ideas.CallForUseCasesPage", "cms.ContentPage"]
    max_count_per_parent = 1  # one per home page: the German tree's and its translation

    class Meta:
        verbose_name = _("Universität – Übersicht")

    def get_groups(self):
        """The groups in the active language where translated, else German."""
        return (
            children_in_language(self, ResearchGroupPage)
            .prefetch_related("topics")
            .order_by("title")
        )

    def get_calls(self):
        return children_in_language(self, CallForUseCasesPage).select_related("topic")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        calls = self.get_calls()
        context.update(
            groups=self.get_groups(),
            open_calls=calls.filter(deadline__gte=today).order_by("deadline", "title"),
            past_calls=calls.filter(deadline__lt=today).order_by("-deadline", "title")[
                :PAST_CALLS_SHOWN
            ],
        )
        return context


class ResearchGroupPage(PortalPageMixin, Page):
    """A research group (chair, lab): members, topics, contact, and its ideas (automatic)."""

    description = RichTextField(_("Beschreibung"), features=RICH_TEXT_FEATURES)
    institution = models.CharField(
        _("Institution"), max_length=200, default="Bergische Universität Wuppertal"
    )
    members = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Mitglieder"),
        blank=True,
        related_name="research_groups",
        limit_choices_to={"groups__name": "Forschende"},
        help_text=_("Nur Konten mit der Rolle „Forschende“."),
    )
    topics = ParentalManyToManyField(
        Topic, verbose_name=_("Themen"), blank=True, related_name="research_groups"
    )
    calls = ParentalManyToManyField(
        CallForUseCasesPage,
        verbose_name=_("Aufrufe der Gruppe"),
        blank=True,
        related_name="research_groups",
    )
    contact_email = models.EmailField(_("Kontakt (E-Mail)"), blank=True)
    website = models.URLField(_("Webseite"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        FieldPanel("institution"),
        FieldPanel("members"),
        FieldPanel("topics"),
        FieldPanel("calls"),
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("website")], _("Kontakt")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("description")]
    parent_page_types = ["research.UniversityIndexPage"]
    subpage_types = []
    # Who belongs to a group and which calls it runs are facts of the German page; a
    # translation shows them from there (a researcher is in one group, not in two).
    exclude_fields_in_copy = ["members", "calls"]

    class Meta:
        verbose_name = _("Forschungsgruppe")
        verbose_name_plural = _("Forschungsgruppen")

    @property
    def source_group(self):
        """The German page this one translates (itself for a German page)."""
        return default_locale_page(self)

    def get_members(self):
        """The group's members (active accounts only) with what badge and profile need."""
        return (
            get_user_model()
            .objects.filter(
                research_groups=self.source_group, is_active=True, deleted_at__isnull=True
            )
            .select_related("researcher_profile")
            .prefetch_related(
                "groups",
                Prefetch("researcher_profile__expertise", queryset=Topic.objects.order_by("name")),
            )
            .order_by("display_name", "pk")
        )

    def get_ideas(self):
        """Public ideas the group works on: assessed by a member or partnered by the group.

        Two ``EXISTS`` subqueries: no join fan-out, no ``DISTINCT``, one query however many.
        """
        group = self.source_group
        assessed = Assessment.objects.filter(idea=OuterRef("pk"), author__research_groups=group)
        partnered = PartnerOffer.objects.filter(
            idea=OuterRef("pk"), group=group, state=PartnerOffer.State.ACCEPTED
        )
        return Idea.objects.public().filter(Exists(assessed) | Exists(partnered))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        ideas, threshold, has_more = Idea.cards_with_progress(
            self.get_ideas(), request, GROUP_IDEAS_SHOWN
        )
        context.update(
            members=list(self.get_members()),
            group_topics=list(self.topics.all()),
            group_calls=list(
                in_language(public_pages(self.source_group.calls.live()))
                .order_by("-deadline", "title")
                .select_related("topic")
            ),
            group_ideas=ideas,
            threshold=threshold,
            has_more_ideas=has_more,
        )
        return context
