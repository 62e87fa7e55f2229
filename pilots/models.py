"""Pilot pages: an idea that passed review becomes a tracked pilot with milestones and KPIs."""

from html import unescape

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ideas.models import District, Topic
from participation.blocks import EditorStreamBlock
from participation.page_locales import (
    PortalPageMixin,
    active_locale,
    children_in_language,
    default_locale,
    default_locale_page,
)
from participation.pagination import page_number, page_rows
from research.models import Assessment
from research.panels import AssessmentsPanel

from . import charts
from .forms import PilotFilterForm
from .permissions import PilotIndexPermissionTester, PilotPermissionTester

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]
PER_PAGE = 24
FINISHED = ("completed", "stopped", "permanent")


def page_link(request, number):
    query = request.GET.copy()
    query.pop("seite", None)
    if number > 1:
        query["seite"] = str(number)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else request.path


def feed_links():
    return {
        "rss_url": reverse("pilots:feed_rss"),
        "atom_url": reverse("pilots:feed_atom"),
        "ics_url": reverse("pilots:milestones_ics"),
    }


def has_text(rich_text):
    """True if rich text holds more than empty paragraphs and spaces."""
    return bool(unescape(strip_tags(rich_text or "")).strip())


def complete_kpi(value):
    return bool(
        (value.get("unit") or "").strip()
        and value.get("baseline") is not None
        and value.get("target") is not None
    )


class PilotIndexPage(PortalPageMixin, Page):
    """``/piloten/``: the list of published pilots."""

    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["pilots.PilotPage"]
    max_count_per_parent = 1  # one per home page: the German tree's and its translation

    class Meta:
        verbose_name = _("Pilot-Übersicht")

    def permissions_for_user(self, user):
        return PilotIndexPermissionTester(user, self)

    def get_pilots(self):
        """Live pilots under this page, newest start first: in the active language where
        translated, else the German page (see ``participation.page_locales.in_language``)."""
        return (
            children_in_language(self, PilotPage)
            .select_related("topic", "district")
            .prefetch_related("milestones")
            .order_by(F("start_date").desc(nulls_last=True), "title", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        """Filtered by status, topic and district, paginated without COUNT: one row more
        than shown tells whether a next page exists."""
        context = super().get_context(request, *args, **kwargs)
        form = PilotFilterForm(request.GET or None, status_choices=PilotPage.Status.choices)
        filters = form.filters()
        pilots = self.get_pilots()
        if "status" in filters:
            pilots = pilots.filter(pilot_status=filters["status"])
        if "thema" in filters:
            pilots = pilots.filter(topic=filters["thema"])
        if "bezirk" in filters:
            pilots = pilots.filter(district=filters["bezirk"])
        rows, number, has_next = page_rows(pilots, page_number(request), PER_PAGE)
        for pilot in rows:
            pilot.card_progress = pilot.progress()
        context.update(
            pilots=rows,
            filter_form=form,
            is_filtered=bool(filters),
            page_number=number,
            previous_url=page_link(request, number - 1) if number > 1 else "",
            next_url=page_link(request, number + 1) if has_next else "",
            **feed_links(),
        )
        return context


class MeasurementBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Datum"))
    value = blocks.DecimalBlock(label=_("Messwert"), decimal_places=2)

    class Meta:
        label = _("Messwert")


class KPIBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Kennzahl"), max_length=120)
    unit = blocks.CharBlock(label=_("Einheit"), max_length=30, required=False)
    baseline = blocks.DecimalBlock(label=_("Ausgangswert"), decimal_places=2, required=False)
    target = blocks.DecimalBlock(label=_("Zielwert"), decimal_places=2)
    measurements = blocks.ListBlock(MeasurementBlock(), label=_("Gemessene Werte"), default=[])

    class Meta:
        label = _("Kennzahl (KPI)")
        icon = "table"


class KPIBlocks(EditorStreamBlock):
    kpi = KPIBlock()


class PilotPage(PortalPageMixin, Page):
    """A pilot use case: draft while in review, public once approved."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Geplant")
        PREPARING = "preparing", _("In Vorbereitung")
        RUNNING = "running", _("Läuft")
        EVALUATING = "evaluating", _("In Auswertung")
        COMPLETED = "completed", _("Abgeschlossen")
        STOPPED = "stopped", _("Gestoppt")
        PERMANENT = "permanent", _("Verstetigt")

    class Decision(models.TextChoices):
        NONE = "", _("Noch offen")
        PERMANENT = "permanent", _("Verstetigen")
        EXTEND = "extend", _("Verlängern")
        STOP = "stop", _("Beenden")

    idea = models.ForeignKey(
        "ideas.Idea",
        verbose_name=_("Idee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pilots",
    )
    # The page's locale, kept here so the database can hold "one pilot per idea and language"
    # (a constraint cannot reach the page table's ``locale``). Set in ``save``.
    idea_locale = models.ForeignKey(
        "wagtailcore.Locale",
        verbose_name=_("Sprache"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary_easy = models.TextField(_("Zusammenfassung in Leichter Sprache"), blank=True)
    problem = RichTextField(_("Problem"), features=RICH_TEXT_FEATURES, blank=True)
    goal = RichTextField(_("Ziel"), features=RICH_TEXT_FEATURES, blank=True)
    approach = RichTextField(_("Vorgehen"), features=RICH_TEXT_FEATURES, blank=True)
    topic = models.ForeignKey(
        "ideas.Topic",
        verbose_name=_("Thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    district = models.ForeignKey(
        "ideas.District",
        verbose_name=_("Stadtbezirk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    responsible_office = models.CharField(
        _("Zuständiges Amt der Stadt"),
        max_length=200,
        blank=True,
        help_text=_(
            "Das Amt oder Ressort, das den Pilot verantwortet, z. B. „Ressort Umweltschutz“."
        ),
    )
    budget_planned = models.DecimalField(
        _("Geplantes Budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    budget_spent = models.DecimalField(
        _("Ausgegebenes Budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    pilot_status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    status_reason = models.TextField(
        _("Öffentliche Begründung des Stands"),
        blank=True,
        help_text=_(
            "Pflicht, wenn das Pilotprojekt gestoppt wird; erscheint auf der Seite des Piloten "
            "und der Idee und in der Nachricht an alle, die der Idee folgen."
        ),
    )
    progress_override = models.PositiveSmallIntegerField(
        _("Fortschritt in % (optional)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Leer lassen, um den Fortschritt aus den Meilensteinen zu berechnen."),
    )
    kpis = StreamField(KPIBlocks(), verbose_name=_("Kennzahlen"), blank=True)
    evaluation_result = RichTextField(
        _("Ergebnis der Auswertung"), features=RICH_TEXT_FEATURES, blank=True
    )
    evaluation_decision = models.CharField(
        _("Entscheidung"), max_length=20, choices=Decision.choices, blank=True, default=""
    )
    promotion_reason = models.TextField(
        _("Begründung der Aufnahme unter der Schwelle"), blank=True, editable=False
    )
    no_assessment_reason = models.TextField(
        _("Begründung: keine Machbarkeitseinschätzung nötig"),
        blank=True,
        max_length=2000,
        help_text=_(
            "Nur ausfüllen, wenn es zur Idee keine veröffentlichte Machbarkeitseinschätzung "
            "gibt und keine nötig ist. Ohne Einschätzung oder Begründung kann die "
            "wissenschaftliche Prüfung nicht freigegeben werden."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("idea", read_only=True),
        FieldPanel("summary_easy"),
        FieldPanel("problem"),
        FieldPanel("goal"),
        FieldPanel("approach"),
        FieldPanel("responsible_office"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("topic"), FieldPanel("district")]), FieldPanel("place")],
            heading=_("Ort und Thema"),
        ),
        InlinePanel("partners", label=_("Partner")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pilot_status"), FieldPanel("progress_override")]),
                FieldPanel("status_reason"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("budget_planned"), FieldPanel("budget_spent")]),
            ],
            heading=_("Stand, Zeitraum und Budget"),
        ),
        InlinePanel("milestones", label=_("Meilensteine")),
        InlinePanel("updates", label=_("Neuigkeiten")),
        FieldPanel("kpis"),
        InlinePanel("datasets", label=_("Daten und Sensorfeeds")),
        MultiFieldPanel(
            [AssessmentsPanel(), FieldPanel("no_assessment_reason")],
            heading=_("Wissenschaftliche Einschätzungen"),
        ),
        MultiFieldPanel(
            [FieldPanel("evaluation_result"), FieldPanel("evaluation_decision")],
            heading=_("Auswertung"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary_easy"),
        index.SearchField("problem"),
        index.SearchField("goal"),
        index.SearchField("approach"),
        index.SearchField("place"),
        index.FilterField("pilot_status"),
        index.FilterField("topic_id"),
        index.FilterField("district_id"),
    ]

    parent_page_types = ["pilots.PilotIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Pilotprojekt")
        verbose_name_plural = _("Pilotprojekte")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "idea_locale"], name="one_pilot_per_idea_and_language"
            )
        ]

    def save(self, *args, **kwargs):
        if self.locale_id is None:  # as Wagtail's pre_save does, which runs too late here
            self.locale = self.get_default_locale()
        self.idea_locale_id = self.locale_id
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "locale" in update_fields:
            kwargs["update_fields"] = {*update_fields, "idea_locale"}
        super().save(*args, **kwargs)

    @classmethod
    def for_idea(cls, idea, locale=None):
        """The live pilot of ``idea`` in ``locale`` (default: the active language's), else its
        German page; None without a live pilot."""
        pilots = cls.objects.live().filter(idea=idea)
        locale = locale or active_locale()
        in_language = pilots.filter(locale=locale).first()
        return in_language or pilots.filter(locale=default_locale()).first()

    @property
    def source_pilot(self):
        """The German page this one translates (itself for a German page): its facts count."""
        return default_locale_page(self)

    def permissions_for_user(self, user):
        return PilotPermissionTester(user, self)

    def publish_after_review(self, revision, user=None):
        """How a finished "Pilot-Freigabe" publishes (``participation.workflows``): on behalf
        of the approving editor without asking for their publish permission (nobody has it on a
        pilot in review, see ``pilots.permissions``): the approved workflow is the permission.
        The pilot must still be complete, whatever the order of the workflow's tasks."""
        missing = revision.as_object().missing_for_publication()
        if missing:
            raise ApprovalRefused(missing)
        revision.publish(user=user, skip_permission_checks=True)

    def missing_for_publication(self):
        """What the editorial approval needs and this pilot lacks (labels, in order).

        Ask it of the revision that would go live (``get_latest_revision_as_object()``).
        """
        missing = [
            label
            for label, value in (
                (_("Ziel"), has_text(self.goal)),
                (_("Vorgehen"), has_text(self.approach)),
                (_("Zuständiges Amt der Stadt"), self.responsible_office.strip()),
            )
            if not value
        ]
        if not any(milestone.planned_date for milestone in self.milestones.all()):
            missing.append(_("mindestens ein Meilenstein mit geplantem Datum"))
        if not any(complete_kpi(block.value) for block in self.kpis):
            missing.append(_("mindestens eine Kennzahl mit Einheit, Ausgangswert und Zielwert"))
        return missing

    def missing_for_scientific_approval(self):
        """The scientific step needs a published assessment of the idea, or a reason why
        none is needed (``no_assessment_reason``)."""
        if self.no_assessment_reason.strip():
            return []
        if self.idea_id and Assessment.objects.filter(idea_id=self.idea_id).exists():
            return []
        return [
            _(
                "eine veröffentlichte Machbarkeitseinschätzung zur Idee oder eine Begründung, "
                "warum keine nötig ist (Feld „Begründung: keine Machbarkeitseinschätzung nötig“)"
            )
        ]

    def progress(self, counts=None):
        """Percent done: the override, else the share of milestones done. ``counts``: (all,
        done) when the caller counted them in its query."""
        if self.progress_override is not None:
            return self.progress_override
        if counts is None:
            milestones = list(self.milestones.all())
            counts = (len(milestones), sum(1 for m in milestones if m.is_done))
        total, done = counts
        if not total:
            return 100 if self.pilot_status in (self.Status.COMPLETED, self.Status.PERMANENT) else 0
        return round(done * 100 / total)

    def overdue_milestones(self, today=None):
        today = today or timezone.localdate()
        return [m for m in self.milestones.all() if not m.is_done and m.planned_date < today]

    def clean(self):
        super().clean()
        if self.pilot_status == self.Status.STOPPED and not self.status_reason.strip():
            raise ValidationError(
                {
                    "status_reason": _(
                        "Ein gestopptes Pilotprojekt braucht eine öffentliche Begründung: "
                        "Sie steht auf der Seite des Piloten und der Idee."
                    )
                }
            )

    def kpi_rows(self):
        rows = []
        for block in self.kpis:
            value = block.value
            measurements = sorted(value["measurements"], key=lambda m: m["date"])
            rows.append(
                {
                    "name": value["name"],
                    "unit": value["unit"],
                    "baseline": value["baseline"],
                    "target": value["target"],
                    "measurements": measurements,
                    "latest": measurements[-1]["value"] if measurements else None,
                }
            )
        return rows

    def get_timeline(self, milestones, updates, today):
        """Milestones and news in one list, oldest first (a plan reads forwards).

        A milestone sits on the day it was done, or while open on the day it is planned for;
        on the same day milestones come before news.
        """
        entries = []
        for milestone in milestones:
            day = milestone.done_date or milestone.planned_date
            entries.append(
                {
                    "kind": "milestone",
                    "date": day,
                    "order": (0, milestone.sort_order or 0, milestone.pk or 0),
                    "milestone": milestone,
                    "anchor": f"meilenstein-{milestone.pk}",
                    "is_done": milestone.is_done,
                    "is_overdue": not milestone.is_done and milestone.planned_date < today,
                }
            )
        for update in updates:
            entries.append(
                {
                    "kind": "update",
                    "date": update.date,
                    "order": (1, update.sort_order or 0, update.pk or 0),
                    "update": update,
                    "anchor": f"neuigkeit-{update.pk}",
                }
            )
        entries.sort(key=lambda entry: (entry["date"], entry["order"]))
        return entries

    def get_partner_groups(self, partners):
        """The partners grouped by kind, in the order of ``PilotPartner.Kind``."""
        labels = dict(PilotPartner.Kind.choices)
        groups = []
        for kind, label in labels.items():
            members = [p for p in partners if p.kind == kind]
            if members:
                groups.append({"kind": kind, "label": label, "partners": members})
        others = [p for p in partners if p.kind not in labels]
        if others:
            groups.append({"kind": "other", "label": labels.get("other", ""), "partners": others})
        return groups

    def get_kpis(self):
        """Each KPI with its anchor, its chart (SVG, drawn on the server) and whether reached."""
        rows = []
        for number, row in enumerate(self.kpi_rows(), start=1):
            rows.append(
                {
                    **row,
                    "anchor": f"kennzahl-{number}",
                    "chart": charts.kpi_chart(row, f"kpi-chart-{number}"),
                    "reached": charts.target_reached(row),
                    "latest_date": row["measurements"][-1]["date"] if row["measurements"] else None,
                }
            )
        return rows

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        milestones = list(self.milestones.all())
        updates = list(self.updates.select_related("image"))
        partners = list(self.partners.all())
        datasets = list(self.datasets.all())
        idea = self.idea if self.idea_id else None
        if idea is not None and not idea.is_public:
            idea = None
        budget_share = None
        if self.budget_planned and self.budget_spent is not None and self.budget_planned > 0:
            budget_share = round(self.budget_spent * 100 / self.budget_planned)
        context.update(
            progress=self.progress((len(milestones), sum(1 for m in milestones if m.is_done))),
            topic=Topic.kept(self.topic_id),
            district=District.kept(self.district_id),
            kpis=self.get_kpis(),
            timeline=self.get_timeline(milestones, updates, today),
            milestone_count=len(milestones),
            milestones_done=sum(1 for m in milestones if m.is_done),
            partner_groups=self.get_partner_groups(partners),
            datasets=[d for d in datasets if d.kind != PilotDataset.Kind.SENSOR],
            sensor_feeds=[d for d in datasets if d.kind == PilotDataset.Kind.SENSOR],
            idea=idea,
            budget_share=budget_share,
            is_finished=self.pilot_status in FINISHED,
            share_url=self.share_url(request),
            **feed_links(),
        )
        return context

    def share_url(self, request=None):
        """The page's absolute address for sharing (on ``SITE_URL``, like the idea page's)."""
        url = self.get_url(request) or ""
        return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


class PilotPartner(Orderable):
    class Kind(models.TextChoices):
        CITY = "city", _("Städtisches Amt")
        RESEARCH = "research", _("Forschungsgruppe")
        UTILITY = "utility", _("Stadtwerke / Versorger")
        COMPANY = "company", _("Unternehmen")
        OTHER = "other", _("Sonstige")

    page = ParentalKey(PilotPage, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    url = models.URLField(_("Webseite"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("url")]

    def __str__(self):
        return self.name


class PilotMilestone(Orderable):
    class Status(models.TextChoices):
        OPEN = "open", _("Offen")
        IN_PROGRESS = "in_progress", _("In Arbeit")
        DONE = "done", _("Erledigt")
        DELAYED = "delayed", _("Verzögert")

    page = ParentalKey(PilotPage, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("Titel"), max_length=200)
    planned_date = models.DateField(_("Geplant für"))
    done_date = models.DateField(_("Erledigt am"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    description = models.TextField(_("Beschreibung"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("planned_date"), FieldPanel("done_date")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Meilenstein")

    def __str__(self):
        return self.title

    @property
    def is_done(self):
        return bool(self.done_date) or self.status == self.Status.DONE

    def clean(self):
        """Marked done without a date: done today (the date lands in the revision, so a later
        publish keeps it)."""
        super().clean()
        self._complete()

    def save(self, *args, **kwargs):
        self._complete()
        super().save(*args, **kwargs)

    def _complete(self):
        if self.done_date and self.status != self.Status.DONE:
            self.status = self.Status.DONE
        elif self.status == self.Status.DONE and not self.done_date:
            self.done_date = timezone.localdate()


class PilotUpdate(Orderable):
    page = ParentalKey(PilotPage, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("Datum"), default=timezone.localdate)
    title = models.CharField(_("Titel"), max_length=200)
    text = models.TextField(_("Text"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Bild"),
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("date")]),
        FieldPanel("text"),
        FieldPanel("image"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Neuigkeit")

    def __str__(self):
        return self.title


class PilotDataset(Orderable):
    class Kind(models.TextChoices):
        DATASET = "dataset", _("Datensatz")
        SENSOR = "sensor", _("Sensorfeed")

    page = ParentalKey(PilotPage, on_delete=models.CASCADE, related_name="datasets")
    title = models.CharField(_("Titel"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.DATASET)
    url = models.URLField(_("Adresse (URL)"))
    description = models.TextField(_("Beschreibung"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
        FieldPanel("url"),
        FieldPanel("description"),
    ]

    def __str__(self):
        return self.title


class PilotNotice(models.Model):
    """What followers have already been told about a pilot, so each event mails once.

    Kept outside the page so that publishing an older revision cannot reset it.
    """

    pilot = models.ForeignKey(PilotPage, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pilot", "key"], name="one_notice_per_event")
        ]


# The workflow task models live in workflows.py (one module for the approval workflow).
from .workflows import ApprovalRefused, PilotReviewTask, ThresholdGuardTask  # noqa: E402, F401
