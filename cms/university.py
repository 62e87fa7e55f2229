"""The university's collaboration pages under /universitaet/."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


class UniversityIndexPage(Page):
    """``/universitaet/``: how city and university work together; groups and calls."""

    intro = RichTextField(_("Einleitung"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ResearchGroupPage", "cms.CallForUseCasesPage", "cms.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Universität – Übersicht")

    def get_context(self, request, *args, **kwargs):
        from .university_views import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request))
        return context


class ResearchGroupPage(Page):
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
        "ideas.Topic", verbose_name=_("Themen"), blank=True, related_name="research_groups"
    )
    contact_email = models.EmailField(_("Kontakt (E-Mail)"), blank=True)
    website = models.URLField(_("Webseite"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        FieldPanel("institution"),
        FieldPanel("members"),
        FieldPanel("topics"),
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("website")], _("Kontakt")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("description")]
    parent_page_types = ["cms.UniversityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Forschungsgruppe")
        verbose_name_plural = _("Forschungsgruppen")

    def get_context(self, request, *args, **kwargs):
        from .university_views import group_context

        context = super().get_context(request, *args, **kwargs)
        context.update(group_context(self, request))
        return context


class CallForUseCasesPage(Page):
    """A call for use cases: a question, a topic, a deadline; residents submit ideas into it."""

    question = models.TextField(_("Leitfrage"))
    body = RichTextField(_("Beschreibung"), features=RICH_TEXT_FEATURES, blank=True)
    topic = models.ForeignKey(
        "ideas.Topic",
        verbose_name=_("Thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deadline = models.DateField(_("Einreichen bis"))
    group = models.ForeignKey(
        ResearchGroupPage,
        verbose_name=_("Forschungsgruppe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("question"),
        FieldPanel("body"),
        FieldPanel("topic"),
        FieldPanel("deadline"),
        FieldPanel("group"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("question"), index.SearchField("body")]
    parent_page_types = ["cms.UniversityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Aufruf für Anwendungsfälle")
        verbose_name_plural = _("Aufrufe für Anwendungsfälle")

    @property
    def is_open(self):
        return self.deadline >= timezone.localdate()

    def get_context(self, request, *args, **kwargs):
        from .university_views import call_context

        context = super().get_context(request, *args, **kwargs)
        context.update(call_context(self, request))
        return context
