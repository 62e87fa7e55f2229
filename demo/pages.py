"""Demo content for the CMS: home page, legal pages, contact form, site and footer links, and
their English translations (the English page tree; Leichte Sprache stays German only).

``load()`` is idempotent: it creates what is missing and leaves existing pages as they are
(an editor's changes survive a second run). The texts are in ``data/pages.json`` (page
bodies as headings, paragraphs and list items in HTML). All texts are SAMPLE TEXTS for a
fictional office; a real operator must replace them before going live.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import escape
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from cms.models import ContentPage, FeedbackFormField, FeedbackFormPage, HomePage, LegalLinks
from demo import identity

from . import data

HOME_SLUG = "home"

DATA = data.load("pages")
OFFICE = DATA["office"]
DEMO_NOTE = DATA["demo_note"]
DEMO_NOTE_EN = DATA["demo_note_en"]
ENGLISH = DATA["english"]


def _p(*paragraphs):
    return ("paragraph", RichText("".join(f"<p>{text}</p>" for text in paragraphs)))


def _ul(*items):
    return ("paragraph", RichText("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"))


def _h(text):
    return ("heading", text)


def _demo_note(note=DEMO_NOTE):
    return _p(f"<i>{escape(note)}</i>")


def _block(record, note=DEMO_NOTE):
    """A body block from the data file: a heading, paragraphs or list items (both HTML), or
    the demo note."""
    if record.get("demo_note"):
        return _demo_note(note)
    if "heading" in record:
        return _h(record["heading"])
    if "items" in record:
        return _ul(*record["items"])
    return _p(*record["paragraphs"])


# Content pages below the home page, keyed by slug, in the order they are created.
CONTENT_PAGES = {
    spec["slug"]: {
        "title": spec["title"],
        # The demo notice is the dismissible banner (PortalIdentity.demo_banner), not page text.
        "body": [_block(record) for record in spec["body"] if not record.get("demo_note")],
        "last_updated": (
            datetime.date.fromisoformat(spec["last_updated"]) if spec["last_updated"] else None
        ),
    }
    for spec in DATA["content_pages"]
}
IMPRESSUM = CONTENT_PAGES["impressum"]["body"]
DATENSCHUTZ = CONTENT_PAGES["datenschutz"]["body"]
BARRIEREFREIHEIT = CONTENT_PAGES["barrierefreiheit"]["body"]
LEICHTE_SPRACHE = CONTENT_PAGES["leichte-sprache"]["body"]
STAND = CONTENT_PAGES["impressum"]["last_updated"]

# English translations of the content pages, keyed by the German page's slug.
ENGLISH_CONTENT_PAGES = {
    slug: {
        "slug": spec["slug"],
        "title": spec["title"],
        "body": [_block(record, DEMO_NOTE_EN) for record in spec["body"]],
    }
    for slug, spec in ENGLISH["content_pages"].items()
}

HOME = DATA["home"]
CONTACT = DATA["contact"]
FEEDBACK_FIELDS = CONTACT["form_fields"]

# LegalLinks field → slug of the page it points at (unless an editor chose another).
LEGAL_LINKS = {
    "impressum": "impressum",
    "datenschutz": "datenschutz",
    "barrierefreiheit": "barrierefreiheit",
    "leichte_sprache": "leichte-sprache",
    "kontakt": "kontakt",
}


def _publish(page):
    page.save_revision().publish()
    return page


def _home(root, created):
    home = HomePage.objects.child_of(root).filter(locale=Locale.get_default()).first()
    if home is not None:
        return home
    # Wagtail's "Welcome to your new Wagtail site!" page occupies the slug "home": replace it
    # when it is still the untouched default (a plain Page without children).
    default = root.get_children().filter(slug=HOME_SLUG).first()
    if default is not None:
        if default.specific_class is not Page or default.get_children_count():
            raise RuntimeError(
                f"A page {default.title!r} already uses the slug {HOME_SLUG!r} below the root; "
                "move or rename it before loading the demo content."
            )
        default.delete()  # its Site goes with it (CASCADE) and is set up again below
    home = root.add_child(instance=HomePage(slug=HOME_SLUG, **HOME))
    created.append(home.title)
    return _publish(home)


def _site(home):
    url = urlsplit(settings.SITE_URL)
    hostname = url.hostname or "localhost"
    port = url.port or (443 if url.scheme == "https" else 80)
    site = (
        Site.objects.filter(is_default_site=True).first()
        or Site.objects.filter(hostname=hostname, port=port).first()
        or Site()
    )
    site.hostname, site.port, site.root_page = hostname, port, home
    site.site_name, site.is_default_site = "Mitwirken", True
    site.save()
    return site


def _child(parent, slug, page, created):
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page.slug = slug
    parent.add_child(instance=page)
    created.append(page.title)
    return _publish(page)


def _translation(page, locale, fields, created, form_fields=()):
    """The translation of ``page`` into ``locale`` with ``fields`` (title, slug, content) and,
    for a form, the labels of its ``form_fields``, made as an editor's "Translate" makes it;
    an existing translation stays as it is."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.draft_title = translated.title
    translated.save()
    fields_in_order = translated.form_fields.order_by("sort_order") if form_fields else []
    for field, labels in zip(fields_in_order, form_fields, strict=False):
        field.label = labels["label"]
        field.help_text = labels.get("help_text", "")
        field.save()
    created.append(translated.title)
    return _publish(translated)


def load_english(home, pages, created):
    """The English tree: the home page, the legal pages and the contact form translated."""
    english, _created = Locale.objects.get_or_create(language_code="en")
    _translation(home, english, ENGLISH["home"], created)
    for slug, spec in ENGLISH_CONTENT_PAGES.items():
        _translation(pages[slug], english, spec, created)
    contact = ENGLISH["contact"]
    fields = {key: contact[key] for key in ("slug", "title", "intro", "thank_you_text")}
    _translation(pages[CONTACT["slug"]], english, fields, created, contact["form_fields"])


def load():
    """Create the CMS demo content where it is missing. Returns a one-line summary."""
    created = []
    root = Page.get_first_root_node()
    home = _home(root, created)
    site = _site(home)

    pages = {}
    for slug, spec in CONTENT_PAGES.items():
        fields = {"title": spec["title"], "body": spec["body"]}
        if spec["last_updated"] is not None:
            fields["last_updated"] = spec["last_updated"]
        pages[slug] = _child(home, slug, ContentPage(**fields), created)
    pages[CONTACT["slug"]] = _child(
        home,
        CONTACT["slug"],
        FeedbackFormPage(
            title=CONTACT["title"],
            intro=CONTACT["intro"],
            thank_you_text=CONTACT["thank_you_text"],
            subject=CONTACT["subject"],
            form_fields=[
                FeedbackFormField(sort_order=i, **f) for i, f in enumerate(FEEDBACK_FIELDS)
            ],
        ),
        created,
    )

    links = LegalLinks.for_site(site)
    chosen = {field: pages[slug] for field, slug in LEGAL_LINKS.items()}
    changed = False
    for field, page in chosen.items():
        if getattr(links, f"{field}_id") is None:  # keep an editor's choice
            setattr(links, field, page)
            changed = True
    if changed:
        links.save()
    identity.load(site)

    load_english(home, pages, created)

    if created:
        return f"{len(created)} Seiten angelegt: {', '.join(created)}"
    return "Seiten bereits vorhanden, nichts geändert"
