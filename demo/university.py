"""Demo content for the university collaboration: /universitaet/, research groups, calls,
assessments and a partnership.

``load()`` runs after ``demo.ideas`` (see ``load_demo_content``) and is idempotent, keyed by
natural keys (page slugs, account emails, idea titles): what exists is left alone, so an
editor's changes survive and a second run creates no page, revision, assessment or mail.
Rows are written directly (no services), so loading sends no mail; the ideas'
``assessment_count`` is recounted from the rows.

The groups, people and texts (in ``data/university.json``) are invented; the university's
name is real. The two extra demo researchers have verified addresses and no usable password
(nobody logs in as them); ``forscher@uni-wuppertal.de`` is the documented demo login
(``demo.accounts``). The ORCID iD of the demo login is ORCID's published example iD of a
fictional researcher.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from cms.models import HomePage
from ideas.models import CallForUseCasesPage, Idea, Topic
from participation.accounts.models import User
from participation.accounts.roles import grant_researcher
from research.models import (
    Assessment,
    PartnerOffer,
    ResearcherProfile,
    ResearchGroupPage,
    UniversityIndexPage,
)

from . import accounts as account_demo
from . import data, pages, translations
from . import ideas as idea_demo

INDEX_SLUG = "universitaet"
UNIVERSITY = "Bergische Universität Wuppertal"
RESEARCHER_LOGIN = "forscher@uni-wuppertal.de"
DEMO_ORCID = "0000-0002-1825-0097"

DATA = data.load("university")

# (email, display name, chair); no password, verified address, role "Forschende".
EXTRA_RESEARCHERS = [(row["email"], row["name"], row["chair"]) for row in DATA["extra_researchers"]]
SCHMITZ, YILMAZ = (email for email, _name, _chair in EXTRA_RESEARCHERS)

IDEA_PARKING = "Parkleitsystem mit Sensoren für die Elberfelder Innenstadt"
IDEA_WUPPER = "Wasserstandssensoren an der Wupper"
IDEA_APPOINTMENTS = "Termine im Bürgerbüro online buchen"


def _p(*paragraphs):
    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


# Rich text is stored in the data file as a list of plain-text paragraphs.
INTRO = _p(*DATA["index"]["intro"])
GROUPS = [{**group, "description": _p(*group["description"])} for group in DATA["groups"]]
CALLS = [{**call, "body": _p(*call["body"])} for call in DATA["calls"]]
OPEN_CALL, PAST_CALL = CALLS
ASSESSMENTS = DATA["assessments"]
OFFER = DATA["offer"]
ENGLISH = DATA["english"]


def _publish(page):
    page.save_revision().publish()
    return page


def _home():
    german = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    home = german.first()
    if home is None:
        pages.load()
        home = german.first()
    return home


def _researchers():
    """The demo login and the two extra demo researchers, keyed by email."""
    if not User.objects.filter(email=RESEARCHER_LOGIN).exists():
        account_demo.load()
    people = {RESEARCHER_LOGIN: User.objects.get(email=RESEARCHER_LOGIN)}
    for email, name, chair in EXTRA_RESEARCHERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(
                email=email,
                display_name=name,
                language="de",
                institution=UNIVERSITY,
                research_group=chair,
            )
            user.set_unusable_password()
            user.save()
        if not EmailAddress.objects.filter(user=user, verified=True).exists():
            EmailAddress.objects.filter(user=user).delete()
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        people[email] = user
    for user in people.values():
        grant_researcher(user)  # no-op when already a member of "Forschende"
    profile, created = ResearcherProfile.objects.get_or_create(
        user=people[RESEARCHER_LOGIN],
        defaults={"orcid": DEMO_ORCID, "bio": DATA["profile"]["bio"]},
    )
    if created:
        profile.expertise.set(Topic.objects.filter(slug__in=DATA["profile"]["expertise"]))
    return people


def _ideas():
    titles = {IDEA_PARKING, IDEA_WUPPER, IDEA_APPOINTMENTS}
    found = {idea.title: idea for idea in Idea.objects.filter(title__in=titles)}
    if len(found) < len(titles):
        idea_demo.load()
        found = {idea.title: idea for idea in Idea.objects.filter(title__in=titles)}
    return found


def _child(parent, model, slug, fields, created, members=None):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    if members is not None:
        page.members = members
    parent.add_child(instance=page)
    created.append(page.title)
    return _publish(page)


def _call(index, spec, groups, topics, ideas, created):
    call = _child(
        index,
        CallForUseCasesPage,
        spec["slug"],
        {
            "title": spec["title"],
            "question": spec["question"],
            "body": spec["body"],
            "topic": topics.get(spec["topic"]),
            "deadline": timezone.localdate() + timedelta(days=spec["deadline_days"]),
        },
        created,
    )
    group = groups[spec["group"]]
    if not group.calls.filter(pk=call.pk).exists():
        group.calls.add(call)
        _publish(group)
    # Link the demo ideas that are not answering another call yet.
    Idea.objects.filter(
        pk__in=[ideas[title].pk for title in spec["ideas"] if title in ideas], call__isnull=True
    ).update(call=call)
    return call


def load_english(index, groups, created):
    """English translations of the university index, the groups and the calls. Members and
    calls stay on the German groups (``ResearchGroupPage.exclude_fields_in_copy``)."""
    spec = ENGLISH["index"]
    translations.translate(
        index, {"title": spec["title"], "slug": spec["slug"], "intro": _p(*spec["intro"])}, created
    )
    for slug, spec in ENGLISH["groups"].items():
        fields = {**spec, "description": _p(*spec["description"])}
        translations.translate(groups[slug], fields, created)
    for call in CallForUseCasesPage.objects.child_of(index).filter(slug__in=ENGLISH["calls"]):
        spec = ENGLISH["calls"][call.slug]
        translations.translate(call, {**spec, "body": _p(*spec["body"])}, created)


@transaction.atomic
def load():
    """Create whatever university demo content is missing; returns a one-line summary."""
    now = timezone.now()
    created = []
    home = _home()
    people = _researchers()
    ideas = _ideas()
    topics = {topic.slug: topic for topic in Topic.objects.all()}

    index = UniversityIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = _child(
            home,
            UniversityIndexPage,
            INDEX_SLUG,
            {"title": DATA["index"]["title"], "intro": INTRO},
            created,
        )

    groups = {}
    for spec in GROUPS:
        groups[spec["slug"]] = _child(
            index,
            ResearchGroupPage,
            spec["slug"],
            {
                "title": spec["title"],
                "description": spec["description"],
                "institution": UNIVERSITY,
                "contact_email": spec["contact_email"],
                "topics": [topics[slug] for slug in spec["topics"] if slug in topics],
            },
            created,
            members=[people[email] for email in spec["members"]],
        )

    for spec in CALLS:
        _call(index, spec, groups, topics, ideas, created)

    load_english(index, groups, created)

    new_assessments = 0
    for spec in ASSESSMENTS:
        idea, author = ideas.get(spec["idea"]), people[spec["author"]]
        if idea is None or Assessment.objects.filter(idea=idea, author=author).exists():
            continue
        fields = {k: v for k, v in spec.items() if k not in ("idea", "author", "days_ago")}
        published = now - timedelta(days=spec["days_ago"])
        assessment = Assessment.objects.create(
            idea=idea, author=author, created=published, **fields
        )
        Assessment.objects.filter(pk=assessment.pk).update(updated=published)
        new_assessments += 1
    for idea in ideas.values():
        Idea.objects.filter(pk=idea.pk).update(
            assessment_count=Assessment.objects.filter(idea=idea).count()
        )

    idea, researcher = ideas.get(OFFER["idea"]), people[OFFER["offered_by"]]
    new_offers = 0
    if (
        idea is not None
        and not PartnerOffer.objects.filter(idea=idea, offered_by=researcher).exists()
    ):
        group = groups[OFFER["group"]]
        offered = now - timedelta(days=OFFER["days_ago"])
        PartnerOffer.objects.create(
            idea=idea,
            offered_by=researcher,
            group=group,
            group_name=group.title,
            kind=OFFER["kind"],
            message=OFFER["message"],
            state=PartnerOffer.State.ACCEPTED,
            created=offered,
            decided_at=offered + timedelta(days=2),
        )
        new_offers = 1

    return (
        f"Universität: {len(created)} Seiten neu, {new_assessments} Einschätzungen neu, "
        f"{new_offers} Partnerschaft neu"
    )
