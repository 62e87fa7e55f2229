"""The English pages speak English: no German interface text on /en/ (issue 13, item 5).

The demo content is loaded once; the home page, idea pages, the lists, and the English
pages of a pilot, the pilot index, the university index and a research group are fetched
under /en/ and their visible text (text nodes, plus the ``alt``, ``title``, ``aria-label``
and ``placeholder`` a screen reader announces) is compared with the catalogue: a German
msgid whose English translation differs, or a msgid of the source that has no translation,
must not be shown. What residents, researchers and editors wrote (idea texts, comments, the
pages' texts in either language): any text found in the database counts as theirs. Topics
and districts are rows editors manage, with an English name beside the German one: the
English pages show it.
"""

import ast
import json
import re
from functools import cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models, transaction
from django.test import override_settings
from django.utils import translation
from django.utils.translation import trans_real
from django.utils.translation.template import templatize
from wagtail.models import Locale

from ideas.models import Idea, Topic
from pilots.models import PilotIndexPage, PilotPage
from research.models import ResearchGroupPage, UniversityIndexPage

pytestmark = pytest.mark.django_db

HIDDEN = {"script", "style", "template", "noscript"}
SPOKEN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
# Elements whose text a reader takes in as one phrase ("38 of 50 supporters" with the number
# in a <strong>): their joined text is checked as well as each text node.
PHRASES = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "label", "legend",
    "button", "a", "option", "summary", "figcaption", "caption", "title",
}  # fmt: skip
# Separators around a phrase in the markup ("· 3 comments", "Location:", "(planned for").
EDGES = " ·•–—|:;,.()[]›»«…\u00a0"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")
# Words and letters only German has: the net for interface text that never reached the
# catalogue (written into a template or Python without gettext).
GERMAN = re.compile(
    r"[äöüßÄÖÜ]|\b(?:und|oder|der|die|das|den|dem|des|ein|eine|einen|für|mit|nicht|ist|sind"
    r"|wird|werden|Sie|Ihre?|Ihren|zur|zum|auf|bei|nach|noch|keine?|alle|jetzt|hier)\b"
)
SEPARATOR = re.compile(r"\s[·–|]\s")
# German on purpose on English pages: the language switcher and the name of the format.
INTENDED_GERMAN = {"Deutsch", "Leichte Sprache"}


def normalise(text):
    return " ".join(text.split()).strip(EDGES)


class VisibleText(HTMLParser):
    """The text a visitor sees or hears, as text nodes and phrases, normalised."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.open_phrases = []
        self.nodes = []  # text nodes and spoken attributes
        self.phrases = []

    @staticmethod
    def _add(found, text):
        text = normalise(text)
        if text:
            found.append(text)

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
        for name, value in attrs:
            if name in SPOKEN_ATTRIBUTES and value:
                self._add(self.nodes, value)
        if tag in PHRASES:
            self.open_phrases.append((tag, []))

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        if tag in PHRASES and self.open_phrases:
            # Close the innermost phrase of this tag (and any left unclosed inside it).
            while self.open_phrases:
                open_tag, parts = self.open_phrases.pop()
                phrase = " ".join(parts)
                self._add(self.phrases, phrase)
                if self.open_phrases:
                    self.open_phrases[-1][1].append(phrase)
                if open_tag == tag:
                    break

    def handle_data(self, data):
        if self.hidden or not data.strip():
            return
        self._add(self.nodes, data)
        if self.open_phrases:
            self.open_phrases[-1][1].append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser


def visible_segments(html):
    """Text nodes, spoken attributes and phrases of a page."""
    parser = visible_text(html)
    return parser.nodes + parser.phrases


# Gettext functions and the position of the msgid among their arguments.
MSGID_ARGUMENT = {
    "_": 0, "gettext": 0, "gettext_lazy": 0, "gettext_noop": 0, "ngettext": 0,
    "ngettext_lazy": 0, "pgettext": 1, "pgettext_lazy": 1, "npgettext": 1, "npgettext_lazy": 1,
}  # fmt: skip
# A call as ``templatize`` writes it for xgettext: gettext(u'…'), pgettext(u'…', u'…') …
TEMPLATE_CALL = re.compile(r"\b(n?p?gettext)\(((?:\s*u?'(?:[^'\\]|\\.)*'\s*,?)+)")
TEMPLATE_STRING = re.compile(r"u?'(?:[^'\\]|\\.)*'")


def _project_files(pattern):
    root = Path(settings.BASE_DIR)
    for path in sorted(root.rglob(pattern)):
        parts = path.relative_to(root).parts
        if not any(part.startswith(".") or part in {"tests", "node_modules"} for part in parts):
            yield path


@cache
def source_msgids():
    """Every msgid the project's templates and Python mark for translation, found as
    ``makemessages`` finds them (templates through Django's ``templatize``)."""
    found = set()
    for path in _project_files("*.html"):
        for name, arguments in TEMPLATE_CALL.findall(templatize(path.read_text(), origin=path)):
            strings = [ast.literal_eval(s) for s in TEMPLATE_STRING.findall(arguments)]
            index = 1 if "p" in name.removesuffix("gettext") else 0
            if len(strings) > index:
                found.add(strings[index])
    for path in _project_files("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            index = MSGID_ARGUMENT.get(name)
            if index is not None and len(node.args) > index:
                argument = node.args[index]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.add(argument.value)
    return found


def catalogue_patterns():
    """German interface text that English pages must not show: {normalised msgid: pattern
    matching it as rendered}. That is every msgid of the compiled English catalogue whose
    translation differs, and every msgid of the source that has no translation at all.

    Short msgids (one word under eight letters: "Status", "Ort") and those that are also an
    English translation are left out; placeholders match any text."""
    catalogue = trans_real.translation("en")._catalog
    entries = [(key if isinstance(key, str) else key[0], value) for key, value in catalogue.items()]
    translated = {msgid for msgid, _value in entries}
    entries += [(msgid, None) for msgid in source_msgids() - translated]
    english = {normalise(value) for _key, value in entries if value}
    patterns = {}
    for msgid, msgstr in entries:
        text = normalise(msgid)
        if not text or "<" in text or text in english:
            continue
        if msgstr is not None and text == normalise(msgstr):
            continue  # the same in both languages
        literal = normalise(" ".join(PLACEHOLDER.split(text)))
        if len(re.findall(r"[^\W\d_]", literal)) < 8 and len(literal.split()) < 2:
            continue
        if len(literal.split()) < 2 and PLACEHOLDER.search(text):
            continue
        parts = PLACEHOLDER.split(text.replace("%%", "%"))
        patterns[text] = re.compile(".+?".join(re.escape(part) for part in parts))
    return patterns


def _strings(value):
    """The strings in one stored value: JSON (stream fields, revisions) is taken apart, HTML
    (rich text) loses its tags."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        if value[:1] in "[{":
            try:
                yield from _strings(json.loads(value))
                return
            except ValueError:
                pass
        text = unescape(re.sub(r"<[^>]+>", "\n", value))
        yield normalise(text)
        yield from (normalise(line) for line in text.splitlines())


def stored_text():
    """Everything written into the database (by residents, researchers, editors, the demo):
    the set of its strings and paragraphs."""
    found = []
    for model in apps.get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if fields:
            for row in model._base_manager.values_list(*fields):
                for value in row:
                    found.extend(_strings(value))
    return set(found) - {""}


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, loaded once for this module (half a minute) in a transaction that is
    rolled back afterwards; each test runs in a savepoint within it."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("load_demo_content", verbosity=0)
        yield
        transaction.set_rollback(True)


def _german_pilot():
    return (
        PilotPage.objects.live()
        .filter(locale__language_code="de", milestones__isnull=False)
        .order_by("pk")
        .first()
    )


def _english(page):
    """The path of ``page``'s English translation without the ``/en`` prefix."""
    with translation.override("en"):
        url = page.get_translation(Locale.objects.get(language_code="en")).url
    assert url.startswith("/en/"), url
    return url.removeprefix("/en")


@pytest.fixture
def pages(demo_site):
    """The paths (without language prefix) of the pages checked: home, ideas in each stage
    (collecting, answered and assessed, turned into a pilot, declined), a pilot, the lists,
    the university's index and a research group; pages with an English translation by the
    translation's path."""
    with translation.override("de"):
        ideas = Idea.objects.public()
        chosen = [
            ideas.filter(assessment_count__gt=0, comment_count__gt=0).order_by("pk").first(),
            ideas.filter(status=Idea.Status.PUBLISHED).order_by("-pk").first(),
            ideas.filter(status=Idea.Status.PILOT).order_by("pk").first(),
            ideas.filter(status=Idea.Status.DECLINED).order_by("pk").first(),
        ]
        german = Locale.objects.get(language_code="de")
        group = ResearchGroupPage.objects.live().filter(locale=german).order_by("title").first()
        return [
            "/",
            *[idea.get_absolute_url() for idea in chosen if idea],
            _english(_german_pilot()),
            "/ideen/",
            _english(PilotIndexPage.objects.live().get(locale=german)),
            _english(UniversityIndexPage.objects.live().get(locale=german)),
            _english(group),
        ]


@pytest.fixture
def german_pilot(demo_site):
    with translation.override("de"):
        return _german_pilot().url


def rendered(client, language, path):
    with translation.override("de"):  # the request activates its language; restore afterwards
        response = client.get(f"/en{path}" if language == "en" else path)  # German: no prefix
    assert response.status_code == 200, path
    return response.content.decode()


def german_ui_strings(html, patterns, stored):
    """The segments of a page that are German interface text from the catalogue."""
    found = set()
    for segment in visible_segments(html):
        if segment in stored:
            continue  # written by someone (a page title, a comment): content, not interface
        for msgid, pattern in patterns.items():
            if pattern.fullmatch(segment):
                found.add(msgid)
    return found


def test_english_home_idea_and_pilot_pages_show_no_german_catalogue_text(client, pages):
    patterns, stored = catalogue_patterns(), stored_text()
    found = {
        path: sorted(german_ui_strings(rendered(client, "en", path), patterns, stored))
        for path in pages
    }
    assert {path: strings for path, strings in found.items() if strings} == {}


def test_the_check_finds_the_german_interface_on_the_german_pages(client, pages, german_pilot):
    """The same check over /de/ finds the interface text: it would notice it on /en/."""
    patterns, stored = catalogue_patterns(), stored_text()
    home = german_ui_strings(rendered(client, "de", "/"), patterns, stored)
    idea = german_ui_strings(rendered(client, "de", pages[1]), patterns, stored)
    pilot = german_ui_strings(rendered(client, "de", german_pilot), patterns, stored)
    assert {"Idee einreichen", "Sammelt Unterstützung"} <= home
    assert {"Anmelden und unterstützen", "Wissenschaftliche Einschätzungen"} <= idea
    assert len(home) >= 20 and len(idea) >= 15 and len(pilot) >= 15


def test_english_pages_show_no_german_text_outside_the_content(client, pages):
    """German that never reached the catalogue (typed into a template or Python without
    gettext) is caught by its words and letters."""
    stored = stored_text()
    blob = "\n".join(stored)
    # Names and titles English text quotes ("Progress of <pilot title>"), longest first.
    quoted = sorted((text for text in stored if 6 <= len(text) <= 200), key=len, reverse=True)
    found = {}
    for path in pages:
        german = set()
        for node in visible_text(rendered(client, "en", path)).nodes:
            if node in blob:
                continue  # content, shown whole or in part
            for text in quoted:
                if text in node:
                    node = node.replace(text, " ")
            for part in SEPARATOR.split(node):
                part = normalise(part)
                intended = any(word in part for word in INTENDED_GERMAN)
                if GERMAN.search(part) and part not in blob and not intended:
                    german.add(part)
        if german:
            found[path] = sorted(german)
    assert found == {}


def test_english_pages_name_topics_in_english(client, pages):
    parking = Topic.objects.get(slug="mobilitaet-parken")
    home, pilot = rendered(client, "en", "/"), rendered(client, "en", pages[-5])
    ideas = rendered(client, "en", "/ideen/")
    for html in (home, pilot, ideas):
        segments = visible_segments(html)
        assert "Mobility & parking" in segments
        assert "Mobilität & Parken" not in segments
    # The filter's options are the English names, in the editors' order.
    options = re.findall(r'<option value="([\w-]+)"[^>]*>([^<]+)</option>', ideas)
    topics = [
        unescape(label) for slug, label in options if slug in {t.slug for t in Topic.objects.all()}
    ]
    assert topics[:2] == ["Mobility & parking", "Sensors & LoRaWAN"]
    assert parking.name == "Mobilität & Parken"  # the German name stays for German pages
    assert "Mobilität &amp; Parken" in rendered(client, "de", "/")


def test_every_text_marked_for_translation_has_an_english_translation():
    """Also what no page test reaches (mails, admin forms): a msgid written into a template or
    Python file but never added to a catalogue is shown in German on /en/."""
    catalogue = trans_real.translation("en")._catalog
    translated = {key if isinstance(key, str) else key[0] for key, _value in catalogue.items()}
    assert sorted(source_msgids() - translated) == []
