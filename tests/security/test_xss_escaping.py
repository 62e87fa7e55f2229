"""XSS: every payload of ``xss_payloads`` goes through every field a person can write, by the
forms people use, and comes out as text on every page, mail, download and admin view that
shows it (issue 12, item 5).

One test per payload puts it everywhere at once: a resident's display name, an idea's title,
text, Leichte-Sprache summary, place and image description (with the payload as the image's
file name), a comment, a researcher's assessment (every text field, and an evidence link
carrying it), a partner offer (group and message), the contact form (name and message), and
the search box of the idea list, the site search and the admin. Then each page is read as a
browser reads it (``read_page``): nothing of the payload became markup (no ``on…``
attribute, script, ``javascript:`` URL, frame …), and the payload's text is there, so the test
proves it arrived. The browser test (``tests/browser/test_xss.py``) runs the same payloads in
Chromium.
"""

import csv
import io
import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from discussion import targets
from ideas.models import Idea
from research.models import PartnerOffer
from tests.export import read_export
from tests.factories import (
    EditorFactory,
    ResearcherFactory,
    UserFactory,
    assessment_values,
    idea_form_data,
)
from tests.ideas.image_samples import jpeg_bytes, upload

from .xss_payloads import FORMULAS, MARKERS, PAYLOADS, REFUSED_EVERYWHERE, read_page, squash

pytestmark = pytest.mark.django_db

FILLER = " – Dieser Satz füllt die Beschreibung auf die nötigen fünfzig Zeichen auf."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def feedback_page(home):
    from cms.models import FeedbackFormField, FeedbackFormPage
    from demo.pages import CONTACT, FEEDBACK_FIELDS

    page = FeedbackFormPage(
        title=CONTACT["title"],
        slug="kontakt",
        intro=CONTACT["intro"],
        thank_you_text=CONTACT["thank_you_text"],
        subject=CONTACT["subject"],
        form_fields=[FeedbackFormField(sort_order=i, **f) for i, f in enumerate(FEEDBACK_FIELDS)],
    )
    home.add_child(instance=page)
    return page


def assert_inert(response, payload, where, *, shown=True):
    """The page answers, contains nothing the payload turned into markup, and (``shown``) shows
    the payload's text: in a text node or an attribute value (an input, an alt text)."""
    assert response.status_code == 200, (where, response.status_code)
    assert response["Content-Type"].startswith("text/html"), where
    html = response.content.decode()
    problems, text, values = read_page(html)
    assert not problems, (where, problems)
    if shown:
        wanted = squash(payload)
        found = wanted in squash(text) or any(wanted in squash(v) for v in values)
        assert found, f"{where}: the payload's text is missing (not escaped but eaten?)"
    return html


def html_mails():
    for message in mail.outbox:
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                yield message, content


def fits(payload, length):
    return len(squash(payload)) <= length


# --- Refused input: a clear error, what was typed shown again as text --------------------


@pytest.mark.parametrize("payload", sorted(REFUSED_EVERYWHERE), ids=repr)
def test_null_bytes_are_refused_with_a_clear_error(client, payload):
    client.force_login(UserFactory())
    data = idea_form_data(title=payload, text=payload + FILLER, place=payload)
    response = client.post("/ideen/neu/", {**data, "action": "preview"})
    html = assert_inert(response, payload, "Vorschlagsformular", shown=False)
    assert "Null" in html or "Nullzeichen" in html or "error" in html
    assert not Idea.objects.filter(title__contains="alert").exists()


# --- The corpus ------------------------------------------------------------------------------


CORPUS = [p for p in PAYLOADS if p not in REFUSED_EVERYWHERE]
CHUNK = 12
CHUNKS = [CORPUS[i : i + CHUNK] for i in range(0, len(CORPUS), CHUNK)]


def propose(client, payload, django_capture_on_commit_callbacks):
    """Propose an idea with the payload in every field, through preview and publish; the
    image's file name is the payload too."""
    data = idea_form_data(
        title=payload,
        text=payload + FILLER,
        summary_easy=payload,
        place=payload,
        image_alt=payload,
    )
    filename = re.sub(r"[/\\\x00]", "", payload)[:80] + ".jpg"
    response = client.post(
        "/ideen/neu/", {**data, "action": "preview", "image": upload(jpeg_bytes(), filename)}
    )
    assert_inert(response, payload, "Vorschau")
    token = re.search(r'name="pending_image" value="([^"]+)"', response.content.decode())[1]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ideen/neu/", {**data, "action": "publish", "pending_image": token})
    assert response.status_code == 302
    idea = Idea.objects.get(title=squash(payload))
    assert filename[:-4] not in idea.image.name  # the file name is never kept
    return idea


@pytest.mark.parametrize("chunk", CHUNKS, ids=[f"payloads-{i * CHUNK}" for i in range(len(CHUNKS))])
def test_payloads_are_text_everywhere(
    client, chunk, feedback_page, settings, django_capture_on_commit_callbacks
):
    settings.EDITOR_EMAILS = ["redaktion@example.org"]
    researcher = ResearcherFactory(display_name="Dr. Rita Forscher")
    researcher_client = type(client)()
    researcher_client.force_login(researcher)
    anonymous = type(client)()
    admin = type(client)()
    admin.force_login(EditorFactory(is_superuser=True))
    joined = "\n\n".join(chunk)
    ideas = {}
    authors = {}

    for number, payload in enumerate(chunk, start=1):
        author = UserFactory(display_name="Anna Anwohnerin")
        author_client = type(client)()
        author_client.force_login(author)
        authors[payload] = (author, author_client)

        # Display name: accepted (then shown on every page with the idea) or refused, with
        # the error and the input shown again.
        profile = {"display_name": payload, "language": "de", "notify": author.notify}
        response = author_client.post(reverse("accounts:profile"), profile)
        author.refresh_from_db()
        if author.display_name != squash(payload):
            assert_inert(response, payload, "Profil (abgelehnt)")
            assert "aria-invalid" in response.content.decode()

        idea = ideas[payload] = propose(author_client, payload, django_capture_on_commit_callbacks)

        with django_capture_on_commit_callbacks(execute=True):
            response = author_client.post(
                f"/ideen/kommentare/{targets.target_kind(idea)}/{idea.pk}/schreiben/",
                {"text": payload},
            )
        assert response.status_code == 302

        evidence = "https://example.org/?" + payload if not re.search(r"\s", payload) else ""
        assessment = assessment_values(
            technical_text=payload,
            data_protection_text=payload,
            cost_text=payload,
            partners_text=payload,
            data_sensors_text=payload,
            recommendation_text=payload,
            evidence=evidence or "https://example.org/studie",
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = researcher_client.post(
                reverse("research:assess", args=[idea.pk]),
                {name: str(value) for name, value in assessment.items()},
            )
            assert response.status_code == 302
            response = researcher_client.post(
                reverse("research:offer_partnership", args=[idea.pk]),
                {"group_name": payload, "kind": "lab", "message": payload},
            )
            assert response.status_code == 302
            offer = PartnerOffer.objects.get(idea=idea)
            response = author_client.post(
                reverse("research:decide_offer", args=[offer.pk]),
                {"decision": "accept"},
            )
        assert response.status_code == 302

        # Pages of this idea (with the message "Sie haben das Angebot von … angenommen.")
        # and its author.
        html = assert_inert(author_client.get(response["Location"]), payload, "Ideenseite")
        assert "angenommen" in html
        assert_inert(
            author_client.get(reverse("ideas:edit", args=[idea.pk])), payload, "Bearbeiten"
        )
        assert_inert(author_client.get(reverse("accounts:activity")), payload, "Beteiligung")
        assert_inert(
            anonymous.get("/ideen/", {"q": payload[:100]}), payload, "Ideenliste ?q=", shown=False
        )
        assert_inert(anonymous.get("/suche/", {"q": payload}), payload, "Suche ?q=")
        assert_inert(
            admin.get(f"/admin/ideas/idea/edit/{idea.pk}/"), payload, "Admin: Idee bearbeiten"
        )
        assert_inert(
            admin.get(f"/admin/beteiligung/ideen/{idea.pk}/antworten/"), payload, "Admin: Antwort"
        )
        assert_inert(
            admin.get("/admin/beteiligung/einschaetzungen/", {"idee": idea.pk}),
            payload,
            "Admin: Einschätzungen",
        )
        assert_inert(
            admin.get("/admin/ideas/idea/", {"q": payload[:50]}),
            payload,
            "Admin: Ideen ?q=",
            shown=False,
        )

        # The contact form.
        fields = {field.label: field.clean_name for field in feedback_page.get_form_fields()}
        feedback = {
            fields["Name"]: payload,
            fields["E-Mail"]: "erika@example.org",
            fields["Nachricht"]: payload,
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = anonymous.post(feedback_page.url, feedback, REMOTE_ADDR=f"192.0.2.{number}")
        assert response.status_code == 200

    # The researcher's own profile: institution, group and the public short biography.
    profile = {
        "institution": chunk[0],
        "research_group": chunk[-1],
        "orcid": "",
        "bio": joined[:1000],
    }
    response = researcher_client.post(reverse("research:profile"), profile, follow=True)
    assert_inert(response, chunk[0], "Forschungsprofil")

    # Pages listing all of them.
    lists = {
        "Ideenliste": anonymous.get("/ideen/"),
        "Admin: Ideen": admin.get("/admin/ideas/idea/"),
        "Admin: Kommentare": admin.get("/admin/beteiligung/kommentare/", {"zustand": "alle"}),
        "Admin: Kontaktformular": admin.get(f"/admin/forms/submissions/{feedback_page.pk}/"),
    }
    for where, response in lists.items():
        for payload in chunk:
            assert_inert(response, payload, where, shown=where != "Admin: Kontaktformular")

    # Mails: HTML parts are escaped; plain-text parts carry the text as written.
    html_parts = list(html_mails())
    assert len(html_parts) >= len(chunk)  # one per contact message
    for message, html in html_parts:
        problems, text, _values = read_page(html)
        assert not problems, (message.subject, problems)
    for payload in chunk:
        assert any(squash(payload) in squash(read_page(html)[1]) for _m, html in html_parts)
        if "<" in payload and "&" not in payload:
            for message in mail.outbox:
                assert escape(payload) not in message.body, message.subject  # no &lt; in text

    # Open data: JSON is JSON, a CSV cell never starts a formula.
    response = anonymous.get(reverse("opendata:ideas_json"))
    assert response["Content-Type"].startswith("application/json")
    rows = json.loads(b"".join(response.streaming_content))
    assert sorted(row["title"] for row in rows) == sorted(squash(p) for p in chunk)
    response = anonymous.get(reverse("opendata:ideas_csv"))
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    for cells in csv.DictReader(io.StringIO(text), delimiter=";"):
        for column in ("title", "text", "summary_easy", "place"):
            cell = cells[column]
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
            if cells["title"].lstrip("'") in FORMULAS:
                assert cell.startswith("'"), (column, cell)

    # The data export: JSON as written, in a ZIP (nothing in it is rendered as HTML).
    for payload, (_author, author_client) in authors.items():
        export, files = read_export(author_client.post(reverse("accounts:data")))
        flat = json.dumps(export, ensure_ascii=False)
        assert json.dumps(squash(payload), ensure_ascii=False)[1:-1] in flat
        assert all(not name.endswith((".html", ".htm", ".svg")) for name in files)
        assert all(".." not in name and not name.startswith("/") for name in files)
    assert MARKERS


# --- The checker itself: it must be able to fail ---------------------------------------------


CONTEXTS = [
    "<p>{}</p>",
    '<input value="{}">',
    "<input value='{}'>",
    "<input value={}>",
    '<a href="{}">x</a>',
    "<textarea>{}</textarea>",
    "<title>{}</title>",
    '<script type="application/json">{}</script>',
]
INERT_BY_NATURE = {
    p
    for p in PAYLOADS
    if p.startswith(("&", "%", "\\", "＜", "{", "$", "[", "=", "+", "-", "@", "<scr<", "<javas"))
}


@pytest.mark.parametrize("payload", sorted(set(PAYLOADS) - INERT_BY_NATURE), ids=repr)
def test_the_checker_finds_each_payload_when_a_template_forgets_to_escape(payload):
    assert any(read_page(context.format(payload))[0] for context in CONTEXTS)


@pytest.mark.parametrize("payload", sorted(INERT_BY_NATURE), ids=repr)
def test_inert_payloads_are_caught_when_decoded_or_evaluated(payload):
    """Encoded variants, template syntax and formulas do nothing as text; they only do harm
    when decoded or evaluated, which the "text is shown" check catches."""
    escaped = str(escape(payload))
    _problems, text, _values = read_page(f"<p>{escaped}</p>")
    assert squash(payload) in squash(text)
    _problems, text, _values = read_page(f"<p>{escape(payload.replace('7*7', '49'))}</p>")
    assert "7*7" not in payload or squash(payload) not in squash(text)
