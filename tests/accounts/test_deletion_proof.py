"""Deletion proven (issue 12, item 4): after an account is deleted, no table holds its e-mail
addresses or its name, except where docs/data_protection.md says so.

One person uses every feature that stores something, as a browser does where it matters (sign-up
and confirmation, a second address, the propose form with an image, comments, the feedback form,
the deletion form), mails go through the real database task queue and its worker; then the
person deletes the account. The test then reads every text and JSON column of every table in the
database (and the decoded sessions) for the addresses, their local parts and the name. What it
may find is the list under "Kept after deletion" in docs/data_protection.md, read from there so
the page and the test cannot drift apart.
"""

import json
import re
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from cms.models import FeedbackFormField, FeedbackFormPage
from discussion import services as comment_services
from discussion.models import Comment
from ideas import services as idea_services
from ideas.models import Idea, PendingImage, PendingNotification
from participation.accounts import roles
from participation.accounts.models import ResearcherRoleRequest, User
from research import services as research_services
from research.models import PartnerOffer, ResearcherProfile
from tests.accounts.conftest import PASSWORD, link_in
from tests.discussion.helpers import write as post_comment
from tests.factories import (
    EditorFactory,
    IdeaFactory,
    ModeratorFactory,
    UserFactory,
    assessment_values,
    idea_form_data,
    research_group,
    university_index,
)
from tests.ideas.image_samples import jpeg_with_gps_bytes, upload

pytestmark = pytest.mark.django_db

EMAIL = "loeschprobe.x7@example.org"
UNI_EMAIL = "loeschprobe.x7@uni-wuppertal.de"
NAME = "Löschprobe Quendolin"
#: What must not be found: the addresses, their local part, the name and its rare part.
NEEDLES = [EMAIL, UNI_EMAIL, "loeschprobe.x7", NAME, "Quendolin"]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "data_protection.md"
TEXT_TYPES = {
    "CharField",
    "TextField",
    "JSONField",
    "EmailField",
    "SlugField",
    "URLField",
    "GenericIPAddressField",
}


# --- What the page promises --------------------------------------------------------------


def kept_after_deletion():
    """``{"table.column"}`` from the table under "### Kept after deletion"."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("### Kept after deletion", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| `([a-z0-9_]+\.[a-z0-9_]+)` \|", section, re.MULTILINE)
    return set(rows), section


def test_the_page_has_the_kept_list():
    kept, section = kept_after_deletion()
    assert "| Table.column |" in section, "the list is a table of table.column entries"
    assert kept == set(), "nothing with the address or the name is kept; update the test's claim"


# --- Searching the whole database --------------------------------------------------------


def like_pattern(term):
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_columns():
    """``[(table, column, django type)]`` of every text-like and JSON column in the database."""
    columns = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            for info in connection.introspection.get_table_description(cursor, table):
                try:
                    kind = connection.introspection.get_field_type(info.type_code, info)
                except KeyError:
                    continue
                if kind in TEXT_TYPES:
                    columns.append((table, info.name, kind))
    return columns


def variants(term, kind):
    """A JSON column on SQLite holds the text as ``json.dumps`` wrote it (``\\u00f6``)."""
    forms = {term, term.lower()}
    if kind == "JSONField":
        forms |= {json.dumps(form)[1:-1] for form in set(forms)}
    return forms


def occurrences(columns, needles):
    """``{"table.column": {needle, …}}`` wherever a needle occurs (case-insensitive)."""
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    found = {}
    with connection.cursor() as cursor:
        for table, column, kind in columns:
            value = f"CAST({quote(column)} AS text)" if postgres else quote(column)
            like = "ILIKE" if postgres else "LIKE"
            for needle in needles:
                patterns = [like_pattern(form) for form in variants(needle, kind)]
                where = " OR ".join(f"{value} {like} %s ESCAPE '\\'" for _ in patterns)
                # Identifiers from the database's own catalogue, quoted; the terms are parameters.
                sql = f"SELECT 1 FROM {quote(table)} WHERE {where} LIMIT 1"  # noqa: S608
                cursor.execute(sql, patterns)
                if cursor.fetchone():
                    found.setdefault(f"{table}.{column}", set()).add(needle)
    return found


def in_sessions(needles):
    """Session data is signed and encoded: decoded, no session may name the person either."""
    found = set()
    for session in Session.objects.all():
        text = json.dumps(
            SessionStore().decode(session.session_data), default=str, ensure_ascii=False
        ).lower()
        found |= {needle for needle in needles if needle.lower() in text}
    return found


def test_the_search_finds_what_is_there(resident):
    """The search itself: a name in a text column, an address in a JSON column (SQLite writes
    ``\\u00f6``), and what the decoded sessions hold."""
    resident.display_name = NAME
    resident.save()
    DBTaskResult.objects.create(
        task_path="participation.tasks.send_email",
        args_kwargs={"args": [], "kwargs": {"to": [EMAIL], "body": f"Hallo {NAME}"}},
        backend_name="default",
        queue_name="default",
        priority=0,
    )
    columns = text_columns()
    found = occurrences(columns, NEEDLES)
    assert found["accounts_user.display_name"] == {NAME, "Quendolin"}
    assert found["django_tasks_database_dbtaskresult.args_kwargs"] == set(NEEDLES) - {UNI_EMAIL}
    session = SessionStore()
    session["note"] = NAME
    session.create()
    assert in_sessions(NEEDLES) == {NAME, "Quendolin"}


# --- The person and everything they do ---------------------------------------------------


def run_worker():
    """The task worker as production runs it: the queued mails are sent."""
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)


@pytest.fixture
def _worker_keeps_the_connection(monkeypatch):
    """The worker closes old connections between tasks, as a long-running process must; in
    this test the connection is the test's transaction (PostgreSQL would lose it)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def feedback_form(home):
    page = FeedbackFormPage(
        title="Kontakt", slug="kontakt", to_address="buergerbuero@example.org", subject=""
    )
    page.form_fields = [
        FeedbackFormField(label="Name", field_type="singleline", required=False),
        FeedbackFormField(label="E-Mail", field_type="email", required=False),
        FeedbackFormField(label="Nachricht", field_type="multiline", required=True),
    ]
    home.add_child(instance=page)
    return page


def token_of(response):
    match = re.search(r'name="pending_image" value="([^"]+)"', response.content.decode())
    assert match, "the preview keeps the image"
    return match.group(1)


def sign_up_and_confirm(client, commit, mailoutbox):
    with commit():
        response = client.post(
            "/konto/signup/",
            {
                "email": EMAIL,
                "display_name": NAME,
                "password1": PASSWORD,
                "password2": PASSWORD,
                "website": "",
            },
        )
    assert response.status_code == 302
    run_worker()
    with commit():
        confirmed = client.post(link_in(mailoutbox[-1], "/konto/confirm-email/"))
    assert confirmed.status_code == 302
    person = User.objects.get(email=EMAIL)
    assert person.display_name == NAME
    return person


def add_university_address(client, commit, mailoutbox):
    with commit():
        client.post("/konto/email/", {"action_add": "", "email": UNI_EMAIL})
    run_worker()
    with commit():
        client.post(link_in(mailoutbox[-1], "/konto/confirm-email/"))


def take_part_everywhere(client, commit, mailoutbox, home):
    """Every feature that stores something about the person; returns the person."""
    person = sign_up_and_confirm(client, commit, mailoutbox)
    client.post(
        "/konto/profil/",
        {
            "display_name": NAME,
            "language": "de",
            "notify": "daily",
            "follow_supported": "on",
            "institution": "",
            "research_group": "",
        },
    )
    person.refresh_from_db()
    assert person.notify == "daily"

    # An idea with an image, a place and a summary in Leichte Sprache; one abandoned preview.
    data = idea_form_data(
        title="Trinkbrunnen am Laurentiusplatz",
        place="Laurentiusplatz, vor dem Café",
        summary_easy="Ein Brunnen mit Trink-Wasser. Für alle.",
        image_alt="Der Platz im Sommer",
    )
    preview = client.post(
        "/ideen/neu/",
        {**data, "action": "preview", "image": upload(jpeg_with_gps_bytes(), "IMG_1.jpg")},
    )
    with commit():
        client.post(
            "/ideen/neu/", {**data, "action": "publish", "pending_image": token_of(preview)}
        )
    own_idea = Idea.objects.get(author=person)
    assert own_idea.image
    client.post(
        "/ideen/neu/",
        {**data, "action": "preview", "image": upload(jpeg_with_gps_bytes(), "IMG_2.jpg")},
    )
    assert PendingImage.objects.filter(user=person).count() == 1

    # Someone else's idea: supported, followed, reported, commented on; a moderator hides a reply.
    neighbour = UserFactory(display_name="Nele Nachbarin")
    editor = EditorFactory(display_name="Erik Redaktion")
    with commit():
        other = IdeaFactory(author=neighbour, title="Pegelsensoren an der Wupper")
        assert client.post(f"/ideen/{other.pk}/unterstuetzen/").status_code == 302
        client.post(f"/ideen/{other.pk}/folgen/")
        idea_services.report_idea(person, other, "spam", note="Gibt es schon am Bahnhof.")
        post_comment(client, other, "Ein Pegel an der Kluse wäre gut.")
        comment = Comment.objects.filter(user=person).get()
        assert comment.user_email == EMAIL and comment.user_name == NAME
        neighbours_comment = comment_services.post_comment(neighbour, other, "Finde ich auch.")
        post_comment(client, other, "Danke!", parent=neighbours_comment)
        own_reply = Comment.objects.filter(user=person).latest("pk")
        comment_services.hide_comments([own_reply], by=ModeratorFactory())
        # News about the followed idea wait for the daily digest.
        idea_services.answer_idea(other, editor, text="Die Stadt prüft das.")
    run_worker()
    assert PendingNotification.objects.filter(user=person).exists()

    # The researcher role: a university address, the request, the editor's confirmation.
    add_university_address(client, commit, mailoutbox)
    role_request = ResearcherRoleRequest.objects.get(user=person)
    with commit():
        roles.confirm_researcher_request(
            role_request,
            by=editor,
            research_group="Arbeitsgruppe Quendolin",
            institution="Bergische Universität Wuppertal",
        )
        person = User.objects.get(pk=person.pk)
        ResearcherProfile.objects.create(
            user=person, orcid="0000-0002-1825-0097", bio="Hydrologin."
        )
        research_group(university_index(home), "Hydrologie", members=[person])
        research_services.publish_assessment(person, other, assessment_values())
        # Offers for a group the person named themselves: one open, one the author accepted.
        research_services.offer_partnership(
            person,
            IdeaFactory(author=neighbour, title="Bänke am Ölberg"),
            kind="lab",
            message="Wir messen mit.",
            group_name="Labor Quendolin",
        )
        accepted = research_services.offer_partnership(
            person,
            other,
            kind="chair",
            message="Abschlussarbeit.",
            group_name="Lehrstuhl Quendolin",
        )
        research_services.decide_offer(neighbour, accepted, accept=True)
    run_worker()
    assert PartnerOffer.objects.filter(offered_by=person).count() == 2

    # The feedback form, with name and address typed in (here: upper case).
    page = feedback_form(home)
    names = {field.label: field.clean_name for field in page.get_form_fields()}
    with commit():
        response = client.post(
            page.url,
            {
                names["Name"]: NAME,
                names["E-Mail"]: EMAIL.upper(),
                names["Nachricht"]: "Die Ampel an der Hofaue schaltet zu schnell.",
            },
        )
    assert response.status_code == 200
    run_worker()  # the editors' mails (Reply-To: the person) are sent; their rows stay
    return person, other


@pytest.mark.usefixtures("_worker_keeps_the_connection")
def test_after_deletion_no_table_holds_the_address_or_the_name(
    client, commit, home, settings, tmp_path, mailoutbox
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    columns = text_columns()
    person, other = take_part_everywhere(client, commit, mailoutbox, home)
    other_browser = type(client)()  # the person is logged in in a second browser too
    other_browser.post("/konto/login/", {"login": EMAIL, "password": PASSWORD})
    before = occurrences(columns, NEEDLES)

    with commit():
        response = client.post("/konto/loeschen/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/konto/geloescht/"
    run_worker()

    # The search sees the person before (so it can find what is left after).
    assert {"accounts_user.email", "account_emailaddress.email"} <= set(before)
    assert "django_tasks_database_dbtaskresult.args_kwargs" in before

    kept, _section = kept_after_deletion()
    found = occurrences(columns, NEEDLES)
    assert {place: sorted(needles) for place, needles in found.items() if place not in kept} == {}
    assert in_sessions(NEEDLES) == set()

    # The account row stays (contributions point at it), anonymised as the page says.
    account = User.objects.get(pk=person.pk)
    assert account.deleted_at is not None
    assert account.email == f"deleted-{person.pk}@invalid"
    assert account.display_name == account.institution == account.research_group == ""
    assert not account.has_usable_password() and not account.is_active
    assert str(account) == "Gelöschtes Konto"
    assert other_browser.get("/konto/profil/").status_code == 302  # that session ended too
    # The accepted partnership stays on the idea page, under the name of a deleted account.
    html = client.get(other.get_absolute_url()).content.decode()
    assert "Abschlussarbeit." in html and "Gelöschtes Konto" in html
    assert "Quendolin" not in html
