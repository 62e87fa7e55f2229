"""Demo content for the university collaboration: /universitaet/, research groups, calls,
assessments and a partnership.

``load()`` runs after ``ideas.demo`` (see ``load_demo_content``) and is idempotent, keyed by
natural keys (page slugs, account emails, idea titles): what exists is left alone, so an
editor's changes survive and a second run creates no page, revision, assessment or mail.
Rows are written directly (no services), so loading sends no mail; the ideas'
``assessment_count`` is recounted from the rows.

The groups, people and texts are invented; the university's name is real. The two extra
demo researchers have verified addresses and no usable password (nobody logs in as them);
``forscher@uni-wuppertal.de`` is the documented demo login (``participation.accounts.demo``).
The ORCID iD of the demo login is ORCID's published example iD of a fictional researcher.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from ideas.models import Assessment, Idea, PartnerOffer, ResearcherProfile, Topic
from participation.accounts.models import User
from participation.accounts.roles import grant_researcher

from .models import HomePage
from .university import CallForUseCasesPage, ResearchGroupPage, UniversityIndexPage

INDEX_SLUG = "universitaet"
UNIVERSITY = "Bergische Universität Wuppertal"
RESEARCHER_LOGIN = "forscher@uni-wuppertal.de"
DEMO_ORCID = "0000-0002-1825-0097"

# (email, display name, chair); no password, verified address, role "Forschende".
EXTRA_RESEARCHERS = [
    ("l.schmitz.demo@uni-wuppertal.de", "Dr. Leonie Schmitz", "Lehrstuhl für Sensornetze"),
    ("m.yilmaz.demo@uni-wuppertal.de", "Prof. Dr. Murat Yılmaz", "Lehrstuhl für Verwaltungsinformatik"),
]  # fmt: skip
SCHMITZ, YILMAZ = (email for email, _name, _chair in EXTRA_RESEARCHERS)

IDEA_PARKING = "Parkleitsystem mit Sensoren für die Elberfelder Innenstadt"
IDEA_WUPPER = "Wasserstandssensoren an der Wupper"
IDEA_APPOINTMENTS = "Termine im Bürgerbüro online buchen"


def _p(*paragraphs):
    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


INTRO = _p(
    "Stadt und Bergische Universität Wuppertal arbeiten zusammen: Forschende schätzen Ideen "
    "aus der Bürgerschaft wissenschaftlich ein, bieten Partnerschaften mit Lehrstühlen, "
    "Lehrveranstaltungen und Laboren an und rufen zu Ideen für ihre Forschungsfragen auf.",
    "Hier finden Sie die beteiligten Forschungsgruppen und die Aufrufe. Jede Idee, die eine "
    "Gruppe einschätzt oder begleitet, erscheint automatisch auf ihrer Seite.",
)

GROUPS = [
    {
        "slug": "verkehrsplanung-und-mobilitaet",
        "title": "Verkehrsplanung und Mobilität",
        "description": _p(
            "Wir untersuchen, wie Menschen in einer Stadt mit vielen Höhenmetern unterwegs "
            "sind: mit Bus, Schwebebahn, Rad und zu Fuß. Schwerpunkte sind Parksuchverkehr, "
            "Verkehrsdaten in Echtzeit und die Wirkung kleiner Maßnahmen im Quartier.",
            "Studierende bearbeiten in Projektseminaren jedes Semester Fragen aus der Stadt.",
        ),
        "topics": ["mobilitaet-parken"],
        "members": [RESEARCHER_LOGIN],
        "contact_email": "verkehrsplanung.demo@example.org",
    },
    {
        "slug": "sensornetze-und-iot",
        "title": "Sensornetze und IoT",
        "description": _p(
            "Die Gruppe entwickelt und erprobt energiesparende Sensorknoten und Funknetze "
            "(LoRaWAN) für Umwelt- und Infrastrukturdaten. Im Labor stehen Messtechnik und "
            "Testaufbauten für Pilotprojekte im Stadtgebiet bereit.",
        ),
        "topics": ["sensorik-lorawan", "umwelt-klima"],
        "members": [SCHMITZ, RESEARCHER_LOGIN],
        "contact_email": "sensornetze.demo@example.org",
    },
    {
        "slug": "verwaltungsinformatik",
        "title": "Verwaltungsinformatik",
        "description": _p(
            "Wie werden Verwaltungsleistungen digital, barrierefrei und datensparsam? Wir "
            "begleiten Kommunen bei Online-Diensten, offenen Daten und Beteiligungsverfahren.",
        ),
        "topics": ["digitale-verwaltung"],
        "members": [YILMAZ],
        "contact_email": "verwaltungsinformatik.demo@example.org",
    },
]

OPEN_CALL = {
    "slug": "aufruf-sensordaten-fuer-die-stadt",
    "title": "Aufruf: Sensordaten für eine lebenswerte Stadt",
    "question": (
        "Wo in Wuppertal würden Messdaten – zu Wasser, Luft, Verkehr oder Lärm – Ihren Alltag "
        "sicherer oder einfacher machen?"
    ),
    "body": _p(
        "Die Gruppe Sensornetze und IoT sucht Anwendungsfälle für das städtische LoRaWAN-Netz. "
        "Die überzeugendsten Ideen prüfen wir im Labor und schlagen sie der Stadt als "
        "Pilotprojekt vor. Bitte beschreiben Sie den Ort, das Problem und wem die Daten helfen.",
    ),
    "topic": "sensorik-lorawan",
    "deadline_days": 45,
    "group": "sensornetze-und-iot",
    "ideas": [IDEA_WUPPER, IDEA_PARKING],
}

PAST_CALL = {
    "slug": "aufruf-digitale-buergerdienste",
    "title": "Aufruf: Digitale Bürgerdienste",
    "question": "Welcher Behördengang sollte als Erstes online möglich sein?",
    "body": _p(
        "Der Aufruf ist abgeschlossen. Aus den Einsendungen ist unter anderem die "
        "Online-Terminvergabe der Bürgerbüros entstanden.",
    ),
    "topic": "digitale-verwaltung",
    "deadline_days": -90,
    "group": "verwaltungsinformatik",
    "ideas": [IDEA_APPOINTMENTS],
}

ASSESSMENTS = [
    {
        "idea": IDEA_PARKING,
        "author": RESEARCHER_LOGIN,
        "technical_rating": Assessment.Rating.HIGH,
        "technical_text": (
            "Bodensensoren für Stellplätze sind erprobt und funken mit wenigen Nachrichten pro "
            "Stunde; das städtische LoRaWAN deckt die Innenstadt ab.\n\n"
            "Die Anbindung an die vorhandenen Parkleittafeln braucht eine Schnittstelle beim "
            "Betreiber; das ist der aufwendigste Teil."
        ),
        "data_protection_text": (
            "Die Sensoren erfassen nur „frei“ oder „belegt“, keine Kennzeichen und keine Bilder. "
            "Personenbezogene Daten fallen nicht an."
        ),
        "cost_range": Assessment.CostRange.UNDER_250K,
        "cost_text": "Rund 250 Stellplätze mit Sensoren, Einbau und Betrieb für drei Jahre.",
        "evidence": "https://www.govdata.de/",
        "partners_text": "Betreiber der Parkhäuser, Straßenverkehrsamt, Wuppertaler Stadtwerke.",
        "data_sensors_text": "Belegungssensoren im Boden, LoRaWAN-Gateways (vorhanden).",
        "recommendation": Assessment.Recommendation.PILOT,
        "recommendation_text": (
            "Ein Pilot in zwei Straßenzügen zeigt mit wenig Aufwand, wie stark der "
            "Parksuchverkehr sinkt. Wir begleiten die Auswertung gern in einem Projektseminar."
        ),
        "days_ago": 12,
    },
    {
        "idea": IDEA_WUPPER,
        "author": SCHMITZ,
        "technical_rating": Assessment.Rating.HIGH,
        "technical_text": (
            "Ultraschall-Pegelsensoren mit Batterie laufen mehrere Jahre ohne Wartung und senden "
            "alle fünf Minuten. An Brücken lassen sie sich ohne Eingriff ins Gewässer montieren."
        ),
        "data_protection_text": "Es werden nur Wasserstände gemessen; keine personenbezogenen Daten.",
        "cost_range": Assessment.CostRange.UNDER_50K,
        "cost_text": "Zehn Messstellen mit Montage, Gateways sind vorhanden.",
        "evidence": "https://www.pegelonline.wsv.de/",
        "partners_text": "Wupperverband (amtliche Pegel), Feuerwehr, Stadtentwässerung.",
        "data_sensors_text": "Pegelsensoren, Anbindung an eine offene Datenplattform.",
        "recommendation": Assessment.Recommendation.PILOT,
        "recommendation_text": (
            "Technisch einfach und mit hohem Nutzen für die Vorsorge. Die Warnschwellen "
            "sollten gemeinsam mit dem Wupperverband festgelegt werden."
        ),
        "days_ago": 8,
    },
]

OFFER = {
    "idea": IDEA_WUPPER,
    "group": "sensornetze-und-iot",
    "offered_by": SCHMITZ,
    "kind": PartnerOffer.Kind.LAB,
    "message": (
        "Unser Labor stellt zehn Pegelsensoren bereit, montiert sie mit der Stadt und wertet "
        "die Messreihen ein Jahr lang aus. Studierende entwickeln die Warnlogik als "
        "Projektarbeit."
    ),
    "days_ago": 6,
}


def _publish(page):
    page.save_revision().publish()
    return page


def _home():
    home = HomePage.objects.first()
    if home is None:
        from . import demo

        demo.load()
        home = HomePage.objects.first()
    return home


def _researchers():
    """The demo login and the two extra demo researchers, keyed by email."""
    if not User.objects.filter(email=RESEARCHER_LOGIN).exists():
        from participation.accounts import demo as account_demo

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
        defaults={
            "orcid": DEMO_ORCID,
            "bio": (
                "Forscht zu städtischer Mobilität und Verkehrsdaten; betreut Projektseminare "
                "mit der Stadt Wuppertal."
            ),
        },
    )
    if created:
        profile.expertise.set(Topic.objects.filter(slug="mobilitaet-parken"))
    return people


def _ideas():
    titles = {IDEA_PARKING, IDEA_WUPPER, IDEA_APPOINTMENTS}
    found = {idea.title: idea for idea in Idea.objects.filter(title__in=titles)}
    if len(found) < len(titles):
        from ideas import demo as idea_demo

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
            "group": groups[spec["group"]],
        },
        created,
    )
    # Link the demo ideas that are not answering another call yet.
    Idea.objects.filter(
        pk__in=[ideas[title].pk for title in spec["ideas"] if title in ideas], call__isnull=True
    ).update(call=call)
    return call


@transaction.atomic
def load():
    """Create whatever university demo content is missing; returns a one-line summary."""
    now = timezone.now()
    created = []
    home = _home()
    people = _researchers()
    ideas = _ideas()
    topics = {topic.slug: topic for topic in Topic.objects.all()}

    index = UniversityIndexPage.objects.first()
    if index is None:
        index = _child(
            home,
            UniversityIndexPage,
            INDEX_SLUG,
            {"title": "Universität", "intro": INTRO},
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

    _call(index, OPEN_CALL, groups, topics, ideas, created)
    _call(index, PAST_CALL, groups, topics, ideas, created)

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
