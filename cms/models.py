"""Pages of the CMS: the home page, content and legal pages, the feedback form; site settings."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, FormMixin
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from participation import ratelimit, sections
from participation.accounts.models import EDITORS_GROUP, User
from participation.blocks import EditorStreamBlock
from participation.mail import queue_email
from participation.page_locales import PortalPageMixin, page_language

from . import identity

logger = logging.getLogger(__name__)

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]

# The name of the field that people never see and bots like to fill.
HONEYPOT_FIELD = "website"
# Longest message the feedback form accepts (characters).
FEEDBACK_MAX_LENGTH = 5000


def url_prefix():
    """The URL prefix of the active language: ``""`` for German, ``"/en"`` for English."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


class HomePage(PortalPageMixin, Page):
    """The start page: a short introduction, calls to action, and sections from other apps."""

    intro_heading = models.CharField(_("Überschrift der Einleitung"), max_length=200)
    intro = models.TextField(
        _("Einleitungstext"),
        help_text=_("Einfacher Text ohne Formatierung; Leerzeilen trennen Absätze."),
    )
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("intro_heading"), FieldPanel("intro")], _("Einleitung")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro_heading"),
        index.SearchField("intro"),
    ]

    # Only at the top of the tree. Child types are not restricted here: other apps' pages
    # (pilots, university pages) declare HomePage in their own parent_page_types.
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Startseite")
        verbose_name_plural = _("Startseiten")

    def route(self, request, path_components):
        """The page at a deeper address in one query, not one per level (Wagtail's route walks
        the tree child by child: four queries for a pilot). No page type below the home page
        has its own ``route``; should one get it, this must hand over to it. Anything not
        found this way goes Wagtail's usual way (and answers 404 there)."""
        if len(path_components) > 1:
            url_path = self.url_path + "/".join(path_components) + "/"
            page = (
                Page.objects.filter(url_path=url_path, path__startswith=self.path)
                .order_by("depth")
                .first()
            )
            if page is not None:
                return page.specific.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The English tree's home page carries the English text; where it is missing, the
        # German page is served under /en/ too and says which language its text is in.
        language = page_language(self)
        context["intro_heading"], context["intro_lang"] = self.intro_heading, language
        context["intro_text"], context["intro_text_lang"] = self.intro, language
        context["url_prefix"] = url_prefix()
        context["home_sections"] = sections.collect(sections.HOME_PAGE_SECTIONS, request)
        return context


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Bild"))
    caption = blocks.CharBlock(label=_("Bildunterschrift"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Bild")


class ContentBlocks(EditorStreamBlock):
    heading = blocks.CharBlock(
        label=_("Zwischenüberschrift"), max_length=200, form_classname="title", icon="title"
    )
    paragraph = blocks.RichTextBlock(label=_("Absatz"), features=RICH_TEXT_FEATURES, icon="pilcrow")
    image = ImageWithCaptionBlock()


class ContentPage(PortalPageMixin, Page):
    """General content and legal pages (Impressum, Datenschutz, Barrierefreiheit, Leichte
    Sprache): a body of headings, paragraphs and images and an optional "Stand" date."""

    body = StreamField(ContentBlocks(), verbose_name=_("Inhalt"), blank=True)
    last_updated = models.DateField(
        _("Stand"),
        null=True,
        blank=True,
        help_text=_("Wird als „Stand:“ unter dem Text gezeigt, z. B. bei Rechtstexten."),
    )

    content_panels = [*Page.content_panels, FieldPanel("body"), FieldPanel("last_updated")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = ["cms.ContentPage", "cms.FeedbackFormPage"]

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")


class FeedbackFormField(AbstractFormField):
    page = ParentalKey(
        "cms.FeedbackFormPage",
        on_delete=models.CASCADE,
        related_name="form_fields",
        verbose_name=_("Seite"),
    )

    class Meta(AbstractFormField.Meta):
        verbose_name = _("Formularfeld")
        verbose_name_plural = _("Formularfelder")


class FeedbackFormBuilder(FormBuilder):
    def create_multiline_field(self, field, options):
        options["max_length"] = FEEDBACK_MAX_LENGTH
        return super().create_multiline_field(field, options)


class FeedbackFormPage(PortalPageMixin, AbstractEmailForm):
    """Contact and feedback. Wagtail stores each submission; editors get an email after
    commit (``to_address`` + ``settings.EDITOR_EMAILS`` + active members of "Editors").
    CSRF-protected, with a honeypot field and a per-address rate limit."""

    form_builder = FeedbackFormBuilder

    intro = RichTextField(_("Einleitung"), blank=True, features=RICH_TEXT_FEATURES)
    thank_you_text = RichTextField(
        _("Dankestext"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Wird nach dem Absenden gezeigt."),
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Formularfelder")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            _("Benachrichtigung per E-Mail"),
        ),
    ]

    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Kontakt- und Feedbackformular")
        verbose_name_plural = _("Kontakt- und Feedbackformulare")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["honeypot_field"] = HONEYPOT_FIELD
        context["url_prefix"] = url_prefix()
        return context

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)

        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if request.POST.get(HONEYPOT_FIELD, "").strip():
            # A bot: thank it like a person, keep and send nothing.
            logger.info("Feedback form %s: honeypot filled, submission dropped.", self.pk)
            return self.render_landing_page(request, None, *args, **kwargs)

        status = 200
        if form.is_valid():
            key = f"feedback:{ratelimit.client_ip(request)}"
            if ratelimit.hit(key, settings.RATE_LIMIT_FEEDBACK):
                submission = self.process_form_submission(form)
                return self.render_landing_page(request, submission, *args, **kwargs)
            wait = ratelimit.wait_text(ratelimit.window_seconds(settings.RATE_LIMIT_FEEDBACK))
            form.add_error(
                None,
                _(
                    "Sie haben in kurzer Zeit mehrere Nachrichten gesendet. Bitte versuchen "
                    "Sie es spätestens in %(wait)s erneut; Ihr Text bleibt erhalten."
                )
                % {"wait": wait},
            )
            status = 429
        # Django 5.2 links each invalid input to "<id>_error" (aria-describedby), the id the
        # template gives the field's error list.
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def process_form_submission(self, form):
        # FormMixin stores the submission; EmailFormMixin's synchronous send is skipped.
        submission = FormMixin.process_form_submission(self, form)
        self.send_mail(form)
        return submission

    def get_recipients(self):
        addresses = [address.strip() for address in self.to_address.split(",")]
        addresses += list(settings.EDITOR_EMAILS)
        addresses += User.objects.filter(
            is_active=True, deleted_at__isnull=True, groups__name=EDITORS_GROUP
        ).values_list("email", flat=True)
        recipients, seen = [], set()
        for address in addresses:
            if address and address.lower() not in seen:
                seen.add(address.lower())
                recipients.append(address)
        return recipients

    def mail_rows(self, form):
        """(label, value) for each answered field, values formatted as text."""
        rows = []
        for field in form:
            if field.name not in form.cleaned_data:
                continue
            value = form.cleaned_data[field.name]
            if isinstance(value, list):
                value = ", ".join(value)
            elif isinstance(value, datetime.datetime):
                value = date_format(value, "SHORT_DATETIME_FORMAT")
            elif isinstance(value, datetime.date):
                value = date_format(value, "SHORT_DATE_FORMAT")
            rows.append((str(field.label), "" if value is None else str(value)))
        return rows

    def reply_to(self, form):
        """The sender's address when they gave one (an email field validates it)."""
        for field in self.get_form_fields():
            if field.field_type == "email" and form.cleaned_data.get(field.clean_name):
                return form.cleaned_data[field.clean_name]
        return None

    def send_mail(self, form):
        recipients = self.get_recipients()
        if not recipients:
            logger.warning("Feedback form %s: no recipients, nobody is notified.", self.pk)
            return
        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "wagtailforms:list_submissions", args=[self.pk]
        )
        with translation.override(settings.LANGUAGE_CODE):
            context = {"page": self, "rows": self.mail_rows(form), "admin_url": admin_url}
            subject = self.subject or gettext("Neue Nachricht über das Kontaktformular")
            body = render_to_string("cms/emails/feedback_notification.txt", context)
            html = render_to_string("cms/emails/feedback_notification.html", context)
        reply_to = self.reply_to(form)
        headers = {"Reply-To": reply_to} if reply_to else None
        for address in recipients:
            queue_email(
                subject,
                body,
                [address],
                from_email=self.from_address or None,
                html=html,
                headers=headers,
            )


LEGAL_LINK_FIELDS = ("impressum", "datenschutz", "barrierefreiheit", "leichte_sprache", "kontakt")


def _legal_page(verbose_name):
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="link")
class LegalLinks(BaseSiteSetting):
    """The pages every footer links to. Empty choices fall back to the page with the usual
    slug (impressum, datenschutz, barrierefreiheit, leichte-sprache, kontakt)."""

    impressum = _legal_page(_("Impressum"))
    datenschutz = _legal_page(_("Datenschutzerklärung"))
    barrierefreiheit = _legal_page(_("Erklärung zur Barrierefreiheit"))
    leichte_sprache = _legal_page(_("Leichte Sprache"))
    kontakt = _legal_page(_("Kontakt & Feedback"))
    copyright_holder = models.CharField(
        _("Rechteinhaberin"),
        max_length=200,
        default="Stadt Wuppertal",
        help_text=_("Erscheint im Fußbereich als „© Jahr …“."),
    )

    panels = [*(FieldPanel(name) for name in LEGAL_LINK_FIELDS), FieldPanel("copyright_holder")]

    class Meta:
        verbose_name = _("Rechtliche Links")
        verbose_name_plural = _("Rechtliche Links")


@register_setting(icon="image")
class PortalIdentity(BaseSiteSetting):
    """The city's identity on this site: name, logo, colour, hero image, footer and imprint."""

    portal_name = models.CharField(
        _("Name des Portals"),
        max_length=80,
        default="Mitwirken",
        help_text=_("Steht neben dem Logo, im Fenstertitel und in der Redaktion."),
    )
    tagline = models.CharField(
        _("Unterzeile"),
        max_length=120,
        blank=True,
        help_text=_("Zum Beispiel „Beteiligungsportal der Stadt“."),
    )
    tagline_en = models.CharField(_("Unterzeile (Englisch)"), max_length=120, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Das Wappen oder Logo der Stadt; wird 48 Pixel hoch gezeigt."),
    )
    logo_alt = models.CharField(
        _("Alternativtext des Logos"),
        max_length=160,
        blank=True,
        help_text=_("Leer: der Name des Portals."),
    )
    primary_colour = models.CharField(
        _("Hauptfarbe"),
        max_length=7,
        default="#1d4f91",
        validators=[identity.validate_primary_colour],
        help_text=_(
            "Hex-Wert, z. B. #1d4f91. Für Schaltflächen, Links und Hervorhebungen; braucht auf "
            "Weiß mindestens 4,5:1 Kontrast."
        ),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Bild der Startseite"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("Alternativtext des Startseitenbilds"),
        max_length=250,
        blank=True,
        help_text=_("Beschreibt, was das Bild zeigt. Pflicht, wenn ein Bild gewählt ist."),
    )
    hero_image_alt_en = models.CharField(
        _("Alternativtext des Startseitenbilds (Englisch)"), max_length=250, blank=True
    )
    footer_text = models.TextField(_("Text im Fußbereich"), max_length=600, blank=True)
    footer_text_en = models.TextField(
        _("Text im Fußbereich (Englisch)"), max_length=600, blank=True
    )
    imprint_address = models.TextField(
        _("Anschrift (Impressum)"),
        max_length=400,
        blank=True,
        help_text=_("Erscheint im Fußbereich; eine Angabe pro Zeile."),
    )
    demo_banner = models.BooleanField(
        _("Hinweis „Demo-Installation“ zeigen"),
        default=False,
        help_text=_("Setzt das Laden der Demo-Inhalte; Besucherinnen können ihn ausblenden."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("portal_name"),
                FieldRowPanel([FieldPanel("tagline"), FieldPanel("tagline_en")]),
            ],
            heading=_("Name"),
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("logo_alt"), FieldPanel("primary_colour")],
            heading=_("Logo und Farbe"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
                FieldPanel("hero_image_alt_en"),
            ],
            heading=_("Startseite"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("footer_text"),
                FieldPanel("footer_text_en"),
                FieldPanel("imprint_address"),
            ],
            heading=_("Fußbereich"),
        ),
        FieldPanel("demo_banner"),
    ]

    class Meta:
        verbose_name = _("Erscheinungsbild")
        verbose_name_plural = _("Erscheinungsbild")

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError(
                {
                    "hero_image_alt": _(
                        "Bitte beschreiben Sie das Bild für Menschen, die es nicht sehen."
                    )
                }
            )
