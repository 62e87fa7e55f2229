"""Pilot pages: an idea that passed review becomes a tracked pilot with milestones and KPIs."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ideas.research_panels import AssessmentsPanel

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class PilotIndexPage(Page):
    """``/piloten/``: the list of published pilots."""

    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["pilots.PilotPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Pilot-Übersicht")

    def get_context(self, request, *args, **kwargs):
        from .views import pilot_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(pilot_index_context(self, request))
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


class PilotPage(Page):
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

    idea = models.OneToOneField(
        "ideas.Idea",
        verbose_name=_("Idee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pilot",
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
    progress_override = models.PositiveSmallIntegerField(
        _("Fortschritt in % (optional)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Leer lassen, um den Fortschritt aus den Meilensteinen zu berechnen."),
    )
    kpis = StreamField([("kpi", KPIBlock())], verbose_name=_("Kennzahlen"), blank=True)
    evaluation_result = RichTextField(
        _("Ergebnis der Auswertung"), features=RICH_TEXT_FEATURES, blank=True
    )
    evaluation_decision = models.CharField(
        _("Entscheidung"), max_length=20, choices=Decision.choices, blank=True, default=""
    )
    promotion_reason = models.TextField(
        _("Begründung der Aufnahme unter der Schwelle"), blank=True, editable=False
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("idea", read_only=True),
        FieldPanel("summary_easy"),
        FieldPanel("problem"),
        FieldPanel("goal"),
        FieldPanel("approach"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("topic"), FieldPanel("district")]), FieldPanel("place")],
            heading=_("Ort und Thema"),
        ),
        InlinePanel("partners", label=_("Partner")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pilot_status"), FieldPanel("progress_override")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("budget_planned"), FieldPanel("budget_spent")]),
            ],
            heading=_("Stand, Zeitraum und Budget"),
        ),
        InlinePanel("milestones", label=_("Meilensteine")),
        InlinePanel("updates", label=_("Neuigkeiten")),
        FieldPanel("kpis"),
        InlinePanel("datasets", label=_("Daten und Sensorfeeds")),
        AssessmentsPanel(heading=_("Wissenschaftliche Einschätzungen")),
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

    def progress(self):
        if self.progress_override is not None:
            return self.progress_override
        milestones = list(self.milestones.all())
        if not milestones:
            return 100 if self.pilot_status in (self.Status.COMPLETED, self.Status.PERMANENT) else 0
        done = sum(1 for m in milestones if m.done_date)
        return round(done * 100 / len(milestones))

    def overdue_milestones(self, today=None):
        today = today or timezone.localdate()
        return [m for m in self.milestones.all() if not m.done_date and m.planned_date < today]

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

    def get_context(self, request, *args, **kwargs):
        from .views import pilot_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(pilot_page_context(self, request))
        return context


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

    def save(self, *args, **kwargs):
        if self.done_date and self.status != self.Status.DONE:
            self.status = self.Status.DONE
        super().save(*args, **kwargs)


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
from .workflows import PilotReviewTask, ThresholdGuardTask  # noqa: E402, F401
