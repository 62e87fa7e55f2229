"""Every page of the portal passes axe (WCAG 2.0/2.1 A and AA, no violation of any impact)
and does not scroll sideways at 320 CSS pixels, with the demo content loaded.

Two browser tests visit all pages, one for visitors and one for a logged-in resident, so the
database is set up only twice; each page's findings are collected, and the failure message
lists every page with its violations and overflowing elements. ``PAGES_CHECKED`` names the
pages (docs/accessibility.md cites it).
"""

from django.contrib.contenttypes.models import ContentType

from discussion.models import Comment
from ideas.models import CallForUseCasesPage, Idea
from pilots.models import PilotIndexPage, PilotPage
from research.models import Assessment, ResearchGroupPage, UniversityIndexPage
from tests.browser.axe import (
    REFLOW_HEIGHT,
    REFLOW_WIDTH,
    axe_violations,
    format_violations,
    horizontal_overflow,
)
from tests.ideas.image_samples import jpeg_with_gps_bytes

DEMO_RESIDENT = "bewohnerin@example.org"
DEMO_PASSWORD = "mitwirken-demo"

# What the tests below visit (the same names appear in a failure message).
PAGES_CHECKED = [
    "Startseite",
    "Ideenliste",
    "Ideenliste, gefiltert",
    "Idee mit Kommentaren und Einschätzung",
    "Idee mit Kommentaren und Einschätzung (English)",
    "Anmelden",
    "Registrieren",
    "Passwort zurücksetzen",
    "Pilotprojekte",
    "Pilotprojekt (jedes der Demo)",
    "Suche mit Treffern",
    "Suche ohne Treffer",
    "Universität",
    "Forschungsgruppe (jede der Demo)",
    "Aufruf für Anwendungsfälle (jeder der Demo)",
    "Offene Daten",
    "Impressum",
    "Datenschutz",
    "Barrierefreiheit",
    "Leichte Sprache",
    "Kontakt & Feedback (Formular)",
    "Kontakt & Feedback nach einem fehlgeschlagenen Absenden",
    "404",
    "429 (zu viele Anmeldeversuche)",
    "Idee vorschlagen, leer",
    "Idee vorschlagen nach einem fehlgeschlagenen Absenden",
    "Idee vorschlagen, Vorschau mit Bild",
    "Profil",
    "Meine Beteiligung",
    "E-Mail-Adressen",
    "Passwort ändern",
    "Meine Daten",
    "Konto löschen",
    "Abmelden",
]


class Audit:
    """Collects each page's axe violations and its width at 320 px."""

    def __init__(self, page):
        self.page = page
        self.checked = []
        self.problems = []

    def check(self, name, url=None, status=None):
        page = self.page
        if url is not None:
            response = page.goto(url)
            if status is not None:
                assert response.status == status, f"{name}: {url} answered {response.status}"
        self.checked.append(name)
        found = []
        violations = axe_violations(page)
        if violations:
            found.append(format_violations(violations))
        before = page.viewport_size
        page.set_viewport_size({"width": REFLOW_WIDTH, "height": REFLOW_HEIGHT})
        try:
            overflow = horizontal_overflow(page)
            # Narrow, regions start to scroll (they must be focusable) and menus change.
            narrow = [
                v for v in axe_violations(page) if v["id"] not in {x["id"] for x in violations}
            ]
        finally:
            page.set_viewport_size(before)
        if narrow:
            found.append(f"at {REFLOW_WIDTH} px:\n" + format_violations(narrow))
        if overflow["scrollWidth"] > overflow["innerWidth"]:
            widest = "\n".join(
                f"    {e['name']} (right {e['right']} px): {e['text']!r}"
                for e in overflow["widest"]
            )
            found.append(f"{overflow['scrollWidth']} px wide at {REFLOW_WIDTH} px:\n{widest}")
        if found:
            self.problems.append(f"== {name} ({page.url})\n" + "\n".join(found))

    def assert_clean(self):
        assert not self.problems, (
            f"{len(self.problems)} of {len(self.checked)} pages fail:\n" + "\n".join(self.problems)
        )


def idea_with_comments_and_assessment():
    comment_type = ContentType.objects.get_for_model(Idea)
    for assessment in Assessment.objects.select_related("idea").order_by("pk"):
        idea = assessment.idea
        commented = Comment.objects.filter(
            content_type=comment_type, object_pk=str(idea.pk), is_public=True
        )
        if commented.exists():
            return idea
    raise AssertionError("the demo content has no idea with comments and an assessment")


def test_public_pages_pass_axe_and_reflow(page, demo_content, settings, external_requests):
    audit = Audit(page)
    audit.check("Startseite", "/", 200)
    audit.check("Ideenliste", "/ideen/", 200)
    audit.check("Ideenliste, gefiltert", "/ideen/?q=Sensor&sortierung=unterstuetzt", 200)
    idea = idea_with_comments_and_assessment()
    audit.check("Idee mit Kommentaren und Einschätzung", idea.get_absolute_url(), 200)
    audit.check(
        "Idee mit Kommentaren und Einschätzung (English)", "/en" + idea.get_absolute_url(), 200
    )
    audit.check("Anmelden", "/konto/login/", 200)
    audit.check("Registrieren", "/konto/signup/", 200)
    audit.check("Passwort zurücksetzen", "/konto/password/reset/", 200)
    audit.check(
        "Pilotprojekte",
        PilotIndexPage.objects.live().filter(locale__language_code="de").get().url,
        200,
    )
    for pilot in PilotPage.objects.live().order_by("pk"):
        audit.check(f"Pilotprojekt {pilot.title}", pilot.url, 200)
    audit.check("Suche mit Treffern", "/suche/?q=Sensor", 200)
    assert page.locator("main li").count() > 0, "the search found nothing"
    audit.check("Suche ohne Treffer", "/suche/?q=xyzzyquux", 200)
    audit.check(
        "Universität",
        UniversityIndexPage.objects.live().filter(locale__language_code="de").get().url,
        200,
    )
    for group in ResearchGroupPage.objects.live().order_by("pk"):
        audit.check(f"Forschungsgruppe {group.title}", group.url, 200)
    for call in CallForUseCasesPage.objects.live().order_by("pk"):
        audit.check(f"Aufruf {call.title}", call.url, 200)
    audit.check("Offene Daten", "/offene-daten/", 200)
    for slug in ("impressum", "datenschutz", "barrierefreiheit", "leichte-sprache"):
        audit.check(slug.capitalize(), f"/{slug}/", 200)
    audit.check("Kontakt & Feedback (Formular)", "/kontakt/", 200)
    page.locator("main form [type='submit']").first.click()
    page.wait_for_load_state()
    audit.check("Kontakt & Feedback nach einem fehlgeschlagenen Absenden")
    audit.check("404", "/gibt-es-nicht/", 404)

    # A real limit: the second failed login within the minute answers 429.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "1/m/ip"}
    for _attempt in range(2):
        page.goto("/konto/login/")
        page.locator("input[name='login']").fill(DEMO_RESIDENT)
        page.locator("input[name='password']").fill("falsch-falsch-falsch")
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.locator("main form [type='submit']").first.click()
    assert answer.value.status == 429
    audit.check("429 (zu viele Anmeldeversuche)")

    print(f"\n{len(audit.checked)} public pages checked, {len(audit.problems)} with findings")
    audit.assert_clean()
    assert external_requests == []


def test_resident_pages_pass_axe_and_reflow(page, demo_content, login, tmp_path):
    audit = Audit(page)
    login(page, DEMO_RESIDENT, DEMO_PASSWORD)
    audit.check("Idee vorschlagen, leer", "/ideen/neu/", 200)
    page.get_by_label("Titel").fill("Bänke")
    page.locator("#id_text").fill("Zu kurz")
    page.get_by_role("button", name="Weiter zur Vorschau").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").first.is_visible()
    audit.check("Idee vorschlagen nach einem fehlgeschlagenen Absenden")
    photo = tmp_path / "wupper.jpg"
    photo.write_bytes(jpeg_with_gps_bytes())
    page.locator("#id_text").fill(
        "Mehr Bänke mit Schatten am Laurentiusplatz, damit ältere Menschen unterwegs "
        "eine Pause machen können."
    )
    page.get_by_label("Thema").select_option(index=1)
    page.get_by_label("Stadtbezirk").select_option(index=1)
    page.get_by_label("Bild (optional)").set_input_files(str(photo))
    page.get_by_label("Bildbeschreibung (Alternativtext)").fill("Eine Bank unter einer Linde")
    page.get_by_role("button", name="Weiter zur Vorschau").click()
    page.wait_for_load_state()
    image = page.get_by_role("img", name="Eine Bank unter einer Linde")
    image.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth", image.element_handle()) > 0
    audit.check("Idee vorschlagen, Vorschau mit Bild")
    audit.check("Profil", "/konto/profil/", 200)
    audit.check("Meine Beteiligung", "/konto/beteiligung/", 200)
    audit.check("E-Mail-Adressen", "/konto/email/", 200)
    audit.check("Passwort ändern", "/konto/password/change/", 200)
    audit.check("Meine Daten", "/konto/daten/", 200)
    audit.check("Konto löschen", "/konto/loeschen/", 200)
    audit.check("Abmelden", "/konto/logout/", 200)
    print(f"\n{len(audit.checked)} resident pages checked, {len(audit.problems)} with findings")
    audit.assert_clean()
