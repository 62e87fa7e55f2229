"""A resident uses the portal with the keyboard only: sign up, confirm the address, propose an
idea, support another one and comment on it (WCAG 2.1.1 Keyboard, 2.1.2 No Keyboard Trap,
2.4.7 Focus Visible).

The journey presses only Tab, Shift+Tab, Enter, Space and the arrow keys and types into the
focused field. ``page.goto`` opens the start page and the confirmation link from the mail (a
person opens that from the mail program). At every Tab stop the focused element must show a
focus indicator (an outline or a box shadow), be on the page (not moved off-screen) and focus
must not fall back to the body. On the pages met on the way, Tab walks through the whole page
to the footer's last link and on out of the page, and Shift+Tab walks the same stops back
(the walk starts from a blurred focus and goes back from the footer's last link focused by
script: scaffolding of the check, not a step a person takes).
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db.models import Count

from discussion.models import Comment
from ideas.models import Idea, Support

PASSWORD = "tastatur-nur-tastatur-7"
EMAIL = "tasta@example.org"
TITLE = "Sitzbänke mit Ladebuchse am Laurentiusplatz"

# What the focused element is and whether its focus is visible.
FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return {
    tag: el.tagName.toLowerCase(),
    type: el.getAttribute("type") || "",
    name: el.getAttribute("name") || "",
    id: el.id,
    href: el.getAttribute("href") || "",
    text: (el.innerText || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 80),
    label: label.trim().replace(/\\s+/g, " "),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none" && style.boxShadow !== "",
    onPage: rect.width > 0 && rect.height > 0 && rect.right + window.scrollX > 0
      && rect.bottom + window.scrollY > 0,
    inFooter: !!el.closest("footer"),
    isLastFooterLink: el === [...document.querySelectorAll("footer a")].pop(),
    isSkipLink: el.classList.contains("skip-link"),
  };
}"""


def describe(stop):
    return f"<{stop['tag']} name={stop['name']!r} href={stop['href']!r}> {stop['text']!r}"


def focused(page):
    return page.evaluate(FOCUSED_JS)


def assert_focus_visible(page, stop, where):
    assert stop is not None, f"{where}: focus fell back to the body ({page.url})"
    assert stop["outline"] or stop["shadow"], f"{where}: no visible focus on {describe(stop)}"
    assert stop["onPage"], f"{where}: the focused element is off-screen: {describe(stop)}"


def press(page, key):
    page.keyboard.press(key)
    return focused(page)


def tab_to(page, predicate, max_steps=200, key="Tab"):
    """Press Tab until the focused element matches ``predicate`` (a callable on the dict of
    ``FOCUSED_JS``); every stop on the way must show its focus. Returns the number of stops."""
    for step in range(1, max_steps + 1):
        stop = press(page, key)
        assert_focus_visible(page, stop, f"{key} stop {step}")
        if predicate(stop):
            return step
    raise AssertionError(f"nothing matched within {max_steps} {key} stops on {page.url}")


def named(text):
    """The focused element's text (link, button) or label (form field) is ``text``."""
    return lambda stop: text in (stop["text"], stop["label"])


def field(name):
    return lambda stop: stop["name"] == name


def submit_with(page, key="Enter"):
    with page.expect_navigation():
        page.keyboard.press(key)


def walk_whole_page(page, max_steps=250):
    """From the top, Tab to the footer's last link and on out of the page (focus leaves the
    document or starts again at the skip link); then Shift+Tab visits the same stops back.
    Returns the number of Tab stops."""
    page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
    stops = []
    for _step in range(max_steps):
        stop = press(page, "Tab")
        assert_focus_visible(page, stop, f"walking {page.url}, stop {len(stops) + 1}")
        stops.append(stop)
        if stop["isLastFooterLink"]:
            break
    else:
        raise AssertionError(f"{page.url}: the footer's last link is not reached (a trap?)")
    assert stops[0]["isSkipLink"], f"{page.url}: the first Tab stop is {describe(stops[0])}"
    after = press(page, "Tab")
    assert after is None or after["isSkipLink"], f"{page.url}: Tab after the end: {after}"
    # Back from the end: the same stops in reverse order.
    page.evaluate("() => [...document.querySelectorAll('footer a')].pop().focus()")
    for expected in reversed(stops[:-1]):
        stop = press(page, "Shift+Tab")
        assert_focus_visible(page, stop, f"Shift+Tab on {page.url}")
        assert (stop["tag"], stop["name"], stop["href"], stop["text"]) == (
            expected["tag"],
            expected["name"],
            expected["href"],
            expected["text"],
        ), f"Shift+Tab reached {describe(stop)}, expected {describe(expected)}"
    return len(stops)


def supportable_ideas_with_comments():
    """Titles of demo ideas open for support whose page has a comment thread."""
    commented = (
        Comment.objects.filter(content_type=ContentType.objects.get_for_model(Idea), is_public=True)
        .order_by()
        .values("object_pk")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .values_list("object_pk", flat=True)
    )
    ideas = Idea.objects.filter(
        pk__in=[int(pk) for pk in commented], status=Idea.Status.PUBLISHED, hidden=False
    )
    titles = set(ideas.values_list("title", flat=True))
    assert titles, "the demo content has no idea open for support with comments"
    return titles


def support_count(page):
    text = page.locator("#support-text").inner_text()
    return int(re.search(r"(\d+) von", text).group(1))


def test_keyboard_only_journey(page, demo_content, external_requests, console_errors):
    walked = {}
    tab_stops = 0

    # Home: the whole page, then the sign-up link in the header.
    page.goto("/")
    walked["Startseite"] = walk_whole_page(page)
    page.evaluate("() => document.activeElement.blur()")
    tab_stops += tab_to(page, named("Registrieren"))
    submit_with(page)
    assert "/konto/signup/" in page.url

    # Sign up: the honeypot is not a Tab stop.
    walked["Registrieren"] = walk_whole_page(page)
    page.evaluate("() => document.activeElement.blur()")
    tab_stops += tab_to(page, field("email"))
    page.keyboard.type(EMAIL)
    values = {"display_name": "Tara Tastatur", "password1": PASSWORD, "password2": PASSWORD}
    for name, value in values.items():
        stop = press(page, "Tab")
        tab_stops += 1
        assert_focus_visible(page, stop, f"sign-up form before {name}")
        assert stop["name"] == name, f"Tab went to {describe(stop)} instead of {name}"
        page.keyboard.type(value)
    stop = press(page, "Tab")
    tab_stops += 1
    assert_focus_visible(page, stop, "sign-up form after the passwords")
    assert stop["name"] != "website", "the honeypot is a Tab stop"
    assert stop["text"] == "Konto anlegen", f"after the passwords: {describe(stop)}"
    submit_with(page)
    assert "/konto/confirm-email/" in page.url, page.url

    # The confirmation mail's link, opened from the mail program; the button by keyboard.
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    link = re.search(r"https?://[^/\s]+(/konto/confirm-email/\S+)", mail.outbox[0].body)
    page.goto(link.group(1))
    tab_stops += tab_to(page, named("Bestätigen"))
    submit_with(page)

    # Logged in after confirming: to the ideas, then propose one.
    tab_stops += tab_to(page, lambda s: s["text"] == "Ideen" and s["href"].endswith("/ideen/"))
    submit_with(page)
    tab_stops += tab_to(page, named("Idee einreichen"))
    submit_with(page)
    assert page.url.endswith("/ideen/neu/")
    walked["Idee einreichen"] = walk_whole_page(page)
    page.evaluate("() => document.activeElement.blur()")
    tab_stops += tab_to(page, field("title"))
    page.keyboard.type(TITLE)
    tab_stops += tab_to(page, field("text"))
    page.keyboard.type("Bänke zum Laden.")  # too short: the form comes back
    tab_stops += tab_to(page, field("topic"))
    page.keyboard.type("Umwelt")  # a closed select jumps to the option typed
    tab_stops += tab_to(page, field("district"))
    page.keyboard.type("Vohw")
    page.keyboard.press("ArrowUp")  # the arrow keys move through the options, too
    page.keyboard.press("ArrowDown")
    assert page.locator("select[name='topic'] option:checked").inner_text() == "Umwelt & Klima"
    assert page.locator("select[name='district'] option:checked").inner_text() == "Vohwinkel"
    tab_stops += tab_to(page, named("Weiter zur Vorschau"))
    submit_with(page)

    # The error summary has the focus (visibly); its link leads to the field, text kept.
    page.wait_for_load_state()
    stop = focused(page)
    assert_focus_visible(page, stop, "after the failed submit")
    assert stop["text"].startswith("Bitte prüfen Sie Ihre Eingaben"), describe(stop)
    tab_stops += tab_to(page, lambda s: s["href"] == "#id_text", max_steps=3)
    page.keyboard.press("Enter")
    stop = focused(page)
    assert_focus_visible(page, stop, "after following the summary's link")
    assert stop["name"] == "text", f"the summary's link left the focus on {describe(stop)}"
    assert page.locator("#id_text").input_value() == "Bänke zum Laden."
    page.keyboard.type(
        " Mit einer Ladebuchse für Telefone und Rollstühle, betrieben mit Solarstrom, "
        "können alle unterwegs kurz laden und sich ausruhen."
    )
    tab_stops += tab_to(page, named("Weiter zur Vorschau"))
    submit_with(page)
    tab_stops += tab_to(page, named("Idee veröffentlichen"))
    submit_with(page, "Space")
    idea = Idea.objects.get(title=TITLE)
    assert page.url.endswith(idea.get_absolute_url())
    assert idea.author.email == EMAIL
    assert idea.topic.name == "Umwelt & Klima" and idea.district.name == "Vohwinkel"
    assert "Bänke zum Laden." in idea.text and "Solarstrom" in idea.text

    # Another resident's idea with a comment thread, found in the list.
    commented = supportable_ideas_with_comments()
    tab_stops += tab_to(page, lambda s: s["text"] == "Ideen" and s["href"].endswith("/ideen/"))
    submit_with(page)
    walked["Ideenliste"] = walk_whole_page(page)
    page.evaluate("() => document.activeElement.blur()")
    tab_stops += tab_to(
        page,
        lambda s: s["tag"] == "a" and "/ideen/" in s["href"] and s["text"] in commented,
    )
    submit_with(page)
    other = Idea.objects.get(pk=int(page.url.split("/ideen/")[1].split("/")[0]))
    assert other.author.email != EMAIL
    walked["Idee"] = walk_whole_page(page)
    page.evaluate("() => document.activeElement.blur()")
    before = support_count(page)
    tab_stops += tab_to(page, named("Idee unterstützen"))
    submit_with(page, "Space")
    assert "Danke für Ihre Unterstützung" in page.locator("main").inner_text()
    assert support_count(page) == before + 1
    assert Support.objects.filter(idea=other, user__email=EMAIL).exists()

    # A comment: the support box comes before the text and the thread, so on with Tab.
    tab_stops += tab_to(page, named("Ihr Kommentar"))
    page.keyboard.type("Gern auch mit einer Bank im Schatten.")
    tab_stops += tab_to(page, named("Kommentar veröffentlichen"))
    submit_with(page)
    main = page.locator("main").inner_text()
    assert "Danke! Ihr Kommentar ist veröffentlicht." in main
    assert "Gern auch mit einer Bank im Schatten." in main
    assert support_count(page) == before + 1

    print(f"\nkeyboard journey: {tab_stops} Tab stops on the way; whole pages walked: {walked}")
    assert external_requests == []
    assert console_errors == []
