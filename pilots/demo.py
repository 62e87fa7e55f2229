"""Demo pilots: three live pilots and one idea whose draft pilot is in scientific review.

``load()`` runs after ``ideas.demo.load()`` (see ``load_demo_content``) and is idempotent:
a pilot that exists (by slug under the pilot index) is left alone, so a second run creates no
page, revision or mail. Pilots are published with ``save_revision().publish()`` so that
``services.on_pilot_published`` runs as in real life: the idea becomes a pilot and followers
hear once about each done milestone, news item and the evaluation (``PilotNotice`` rows keep
it at once, even if a pilot is published again). In ``make run`` the mails go to the console.

Linking to demo ideas: a pilot takes the demo idea named in its spec only while that idea has
passed its threshold (threshold reached, in review or pilot) and has no pilot yet. Ideas
still collecting support stay as ``ideas.demo`` made them (one of them is meant to be one
support short of the threshold); the pilot then gets a small idea of its own.

All dates are relative to today, all numbers and names of people are invented.
"""

from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from ideas.models import District, Follow, Idea, IdeaStatusChange, Support, Topic
from ideas.services import current_threshold, make_reference
from participation.accounts.models import User

from . import services
from .models import PilotDataset, PilotMilestone, PilotPage, PilotPartner, PilotUpdate

Status = Idea.Status
Kind = PilotPartner.Kind
MilestoneStatus = PilotMilestone.Status

EDITOR_EMAIL = "redaktion@example.org"
AUTHOR_EMAILS = ["demo-07@example.org", "demo-12@example.org", "demo-03@example.org"]
FALLBACK_AUTHOR = ("pilot-demo@example.org", "Demo-Bürgerin P.")
DEMO_LOGINS = {"bewohnerin@example.org", "forscher@uni-wuppertal.de", EDITOR_EMAIL}
ELIGIBLE_STATUSES = (Status.THRESHOLD_REACHED, Status.IN_REVIEW, Status.PILOT)

TOPICS = {
    "mobilitaet-parken": "Mobilität & Parken",
    "sensorik-lorawan": "Sensorik & LoRaWAN",
    "breitband-weisse-flecken": "Breitband & Weiße Flecken",
}
DISTRICTS = {"elberfeld": "Elberfeld", "barmen": "Barmen", "cronenberg": "Cronenberg"}

WSW = ("Wuppertaler Stadtwerke (WSW)", Kind.UTILITY, "https://www.wsw-online.de/")
UNI = "https://www.uni-wuppertal.de/"


def _p(*paragraphs):
    from django.utils.html import escape

    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


def _days(offset):
    return timezone.localdate() + timedelta(days=offset)


def _kpi(name, unit, baseline, target, measurements=()):
    return (
        "kpi",
        {
            "name": name,
            "unit": unit,
            "baseline": Decimal(str(baseline)) if baseline is not None else None,
            "target": Decimal(str(target)),
            "measurements": [
                {"date": _days(offset), "value": Decimal(str(value))}
                for offset, value in measurements
            ],
        },
    )


def pilot_specs():
    """The three live pilots, built fresh for today's date."""
    return [
        {
            "title": "Smarte Parkplatzsensoren in Elberfeld",
            "slug": "smarte-parkplatzsensoren-elberfeld",
            "idea_titles": ["Parkleitsystem mit Sensoren für die Elberfelder Innenstadt"],
            "topic": "mobilitaet-parken",
            "district": "elberfeld",
            "place": "Öffentliche Stellplätze zwischen Hofaue, Wall und Döppersberg",
            "idea_text": (
                "Bodensensoren auf den Stellplätzen in der Elberfelder Innenstadt sollen "
                "melden, wo ein Platz frei ist. Die Anzeige auf den Parkleittafeln und in "
                "Apps erspart den Suchverkehr um den Block – weniger Lärm und Abgase für alle, "
                "die in der Innenstadt wohnen und einkaufen."
            ),
            "summary_easy": (
                "In Elberfeld suchen viele Autos lange nach einem Parkplatz. Kleine Messgeräte "
                "im Boden zeigen, wo ein Platz frei ist. Die freien Plätze stehen auf Schildern "
                "und im Internet. So fahren weniger Autos im Kreis."
            ),
            "problem": _p(
                "Rund um Hofaue, Wall und Döppersberg kreisen Autofahrerinnen und Autofahrer "
                "am Samstag im Schnitt zwölf Minuten, bevor sie einen Parkplatz finden. Die "
                "Parkleittafeln zeigen nur die Parkhäuser, nicht die Stellplätze am "
                "Straßenrand."
            ),
            "goal": _p(
                "Den Suchverkehr in der Innenstadt halbieren und die Belegung der "
                "Stellplätze als offene Daten bereitstellen."
            ),
            "approach": _p(
                "240 Bodensensoren melden über das LoRaWAN-Netz der Stadtwerke, ob ein "
                "Stellplatz belegt ist. Die Daten fließen in die Parkleittafeln und in eine "
                "offene Schnittstelle. Die Universität misst vorher und nachher, wie lange die "
                "Suche dauert. Es werden keine Kennzeichen und keine Bilder erfasst."
            ),
            "status": PilotPage.Status.RUNNING,
            "start": -150,
            "end": 210,
            "budget_planned": Decimal("185000"),
            "budget_spent": Decimal("96400"),
            "partners": [
                WSW,
                (
                    "Bergische Universität Wuppertal – Lehrstuhl für Verkehrsplanung",
                    Kind.RESEARCH,
                    UNI,
                ),
                ("Ressort Straßen und Verkehr", Kind.CITY, ""),
                ("Amt für Informationstechnik und Digitalisierung", Kind.CITY, ""),
            ],
            "milestones": [
                ("Standorte und Datenschutzkonzept abgestimmt", -140, -135, ""),
                ("240 Bodensensoren eingebaut", -100, -95, "Einbau nachts, ohne Sperrungen."),
                ("Freie Plätze auf den Parkleittafeln", -60, -52, ""),
                (
                    "Offene Schnittstelle für Navigations-Apps",
                    -10,
                    None,
                    "Verzögert: Die Abstimmung mit dem Datenschutz dauert länger als geplant.",
                ),
                ("Zwischenbericht und Befragung der Anwohnenden", 90, None, ""),
            ],
            "updates": [
                (
                    -95,
                    "Alle Sensoren sind eingebaut",
                    "Seit heute melden 240 Sensoren zwischen Hofaue und Döppersberg, ob ein "
                    "Stellplatz frei ist. Der Einbau lief nachts, ohne Sperrungen.",
                ),
                (
                    -52,
                    "Freie Plätze jetzt auf den Parkleittafeln",
                    "Die Parkleittafeln am Wall und an der Hofaue zeigen jetzt auch die freien "
                    "Plätze am Straßenrand.",
                ),
                (
                    -20,
                    "Erste Zahlen: Der Suchverkehr sinkt",
                    "Die Universität hat nachgemessen: Im Schnitt dauert die Suche nach einem "
                    "Parkplatz jetzt knapp acht statt zwölf Minuten.",
                ),
            ],
            "kpis": [
                _kpi(
                    "Suchverkehr",
                    "min",
                    12,
                    6,
                    [(-120, "11.5"), (-90, "10.2"), (-60, "8.9"), (-25, "7.8")],
                ),
                _kpi(
                    "Auslastung erkannt",
                    "%",
                    0,
                    95,
                    [(-90, 62), (-60, 81), (-25, 93)],
                ),
            ],
            "datasets": [
                (
                    "Belegung der Stellplätze (Echtzeit)",
                    PilotDataset.Kind.SENSOR,
                    "https://daten.example.org/parken/elberfeld/belegung.json",
                    "Alle fünf Minuten: frei oder belegt, je Stellplatz. Demo-Adresse.",
                ),
                (
                    "Messreihe Suchverkehr",
                    PilotDataset.Kind.DATASET,
                    "https://daten.example.org/parken/elberfeld/suchverkehr.csv",
                    "Die Messungen der Universität als CSV. Demo-Adresse.",
                ),
            ],
        },
        {
            "title": "LoRaWAN-Pegelsensoren an der Wupper",
            "slug": "lorawan-pegelsensoren-wupper",
            "idea_titles": ["Wasserstandssensoren an der Wupper"],
            "topic": "sensorik-lorawan",
            "district": "barmen",
            "place": "Brücken und Ufermauern in Barmen, rund um den Alten Markt",
            "idea_text": (
                "Ultraschall-Pegelsensoren an den Brücken in Barmen sollen alle fünf Minuten "
                "den Wasserstand der Wupper über LoRaWAN senden. Die Werte stehen offen im "
                "Netz und warnen früh, wenn der Pegel schnell steigt."
            ),
            "summary_easy": (
                "Die Wupper kann bei viel Regen schnell steigen. An Brücken kommen kleine "
                "Messgeräte. Sie messen, wie hoch das Wasser steht. Alle können die Werte im "
                "Internet sehen."
            ),
            "problem": _p(
                "Beim Hochwasser im Juli 2021 stieg die Wupper innerhalb weniger Stunden. Es "
                "gibt nur wenige amtliche Pegel; in Barmen fehlen Messstellen."
            ),
            "goal": _p(
                "Fünf zusätzliche Messstellen, deren Werte alle fünf Minuten öffentlich "
                "erscheinen, und abgestimmte Warnschwellen mit dem Wupperverband."
            ),
            "approach": _p(
                "Die Stadtwerke stellen das LoRaWAN-Netz, die Universität wählt die Messstellen "
                "aus und prüft die Messgenauigkeit gegen die amtlichen Pegel."
            ),
            "status": PilotPage.Status.PLANNED,
            "start": 30,
            "end": 400,
            "budget_planned": Decimal("64000"),
            "budget_spent": None,
            "partners": [
                WSW,
                ("Wupperverband", Kind.OTHER, "https://www.wupperverband.de/"),
                (
                    "Bergische Universität Wuppertal – Fachgebiet Wasserwirtschaft",
                    Kind.RESEARCH,
                    UNI,
                ),
                ("Ressort Umweltschutz", Kind.CITY, ""),
            ],
            "milestones": [
                ("Messstellen festlegen", 30, None, ""),
                ("Sensoren beschaffen", 75, None, ""),
                ("Einbau an fünf Brücken", 120, None, ""),
                ("Pegeldaten öffentlich auf der Karte", 150, None, ""),
                ("Warnschwellen mit dem Wupperverband abstimmen", 180, None, ""),
            ],
            "updates": [
                (
                    -5,
                    "Das Pilotprojekt ist beschlossen",
                    "Stadt, Stadtwerke, Wupperverband und Universität haben den Zeitplan "
                    "abgestimmt. Los geht es in einem Monat mit der Auswahl der Messstellen.",
                ),
            ],
            "kpis": [
                _kpi("Messintervall", "min", 60, 5),
                _kpi("Verfügbarkeit der Messstellen", "%", None, 98),
            ],
            "datasets": [],
        },
        {
            "title": "Glasfaser für Weiße Flecken in Cronenberg",
            "slug": "glasfaser-weisse-flecken-cronenberg",
            "idea_titles": ["Glasfaser für die weißen Flecken in Cronenberg"],
            "topic": "breitband-weisse-flecken",
            "district": "cronenberg",
            "place": "Hofschaften im Süden Cronenbergs, z. B. Kohlfurth und Sudberg",
            "idea_text": (
                "In den Cronenberger Hofschaften gibt es Häuser mit weniger als 16 Mbit/s. Die "
                "Stadt soll die weißen Flecken erfassen, Fördermittel nutzen und den "
                "Glasfaserausbau gebündelt ausschreiben."
            ),
            "summary_easy": (
                "Manche Häuser in Cronenberg hatten nur langsames Internet. Jetzt haben sie "
                "Glasfaser. Das Internet ist dort jetzt viel schneller. Die Stadt macht das "
                "auch in anderen Orten so."
            ),
            "problem": _p(
                "312 Haushalte und Betriebe in den Hofschaften hatten weniger als 16 Mbit/s. "
                "Für die großen Anbieter rechnete sich der Ausbau nicht."
            ),
            "goal": _p("Jeder Anschluss in den erfassten weißen Flecken bekommt Glasfaser."),
            "approach": _p(
                "Die Stadt hat die weißen Flecken mit der Universität kartiert, Fördermittel "
                "von Bund und Land beantragt und den Ausbau gebündelt ausgeschrieben."
            ),
            "status": PilotPage.Status.PERMANENT,
            "start": -700,
            "end": -60,
            "budget_planned": Decimal("420000"),
            "budget_spent": Decimal("398500"),
            "partners": [
                ("Breitbandkoordination der Wirtschaftsförderung", Kind.CITY, ""),
                ("Glasfaser Bergisches Land GmbH", Kind.COMPANY, ""),
                (
                    "Bergische Universität Wuppertal – Lehrstuhl für Digitalisierung",
                    Kind.RESEARCH,
                    UNI,
                ),
            ],
            "milestones": [
                ("Weiße Flecken erfasst", -680, -670, ""),
                ("Fördermittel bewilligt", -560, -540, ""),
                ("Tiefbau in Kohlfurth und Sudberg", -300, -280, ""),
                ("312 Anschlüsse in Betrieb", -90, -75, ""),
            ],
            "updates": [
                (
                    -280,
                    "Die Bagger sind fertig",
                    "Der Tiefbau in Kohlfurth und Sudberg ist abgeschlossen, jetzt werden die "
                    "Häuser angeschlossen.",
                ),
                (
                    -40,
                    "Auswertung: Glasfaser bleibt und kommt in weitere Orte",
                    "Der Rat hat beschlossen, das Vorgehen auf die übrigen weißen Flecken der "
                    "Stadt zu übertragen.",
                ),
            ],
            "kpis": [
                _kpi(
                    "Haushalte mit Glasfaser",
                    "Anschlüsse",
                    0,
                    300,
                    [(-330, 0), (-250, 85), (-160, 210), (-75, 312)],
                ),
                _kpi(
                    "Mittlere Bandbreite",
                    "Mbit/s",
                    14,
                    500,
                    [(-330, 14), (-160, 380), (-75, 870)],
                ),
            ],
            "datasets": [
                (
                    "Ausbaukarte Glasfaser Cronenberg",
                    PilotDataset.Kind.DATASET,
                    "https://daten.example.org/breitband/cronenberg/ausbau.geojson",
                    "Alle Anschlüsse mit Datum der Inbetriebnahme. Demo-Adresse.",
                ),
            ],
            "evaluation_result": _p(
                "Alle 312 Anschlüsse sind in Betrieb, 96 Prozent der Haushalte nutzen ihn. "
                "Die Kosten lagen fünf Prozent unter dem Plan.",
                "Die Befragung der Universität zeigt: Homeoffice und Videosprechstunden "
                "klappen jetzt ohne Abbrüche; drei Handwerksbetriebe haben neue Stellen "
                "geschaffen.",
            ),
            "evaluation_decision": PilotPage.Decision.PERMANENT,
        },
    ]


REVIEW_IDEA = {
    "title": "Echtzeit-Anzeigen an allen Schwebebahn-Stationen",
    "topic": "mobilitaet-parken",
    "district": "barmen",
    "text": (
        "An mehreren Schwebebahn-Stationen fehlt eine Anzeige, wann die nächste Bahn kommt. "
        "Digitale Anzeigen mit Abfahrtszeiten in Echtzeit und Störungshinweisen, mit "
        "Sprachausgabe auf Knopfdruck, würden allen Fahrgästen helfen."
    ),
    "reason": (
        "Die Stadtwerke erneuern die Anzeigen ohnehin; die Redaktion gibt die Idee deshalb "
        "trotz knapp verfehlter Schwelle in die Prüfung als Pilotprojekt."
    ),
}


def _named(model, slug, name):
    obj = model.objects.filter(slug=slug).first() or model.objects.filter(name=name).first()
    if obj is None:
        obj, _created = model.objects.get_or_create(slug=slug, defaults={"name": name})
    return obj


def _author():
    for email in AUTHOR_EMAILS:
        user = User.objects.filter(email=email, is_active=True).first()
        if user:
            return user
    email, name = FALLBACK_AUTHOR
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, display_name=name, language="de")
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def _eligible(idea, topic):
    return (
        idea is not None
        and not idea.hidden
        and idea.topic_id == topic.pk
        and idea.status in ELIGIBLE_STATUSES
        and not PilotPage.objects.filter(idea=idea).exists()
    )


def _create_idea(title, text, topic, district, *, days_ago):
    """A small idea that reached its threshold, with supports from demo accounts."""
    now = timezone.now()
    created = now - timedelta(days=days_ago)
    author = _author()
    idea = Idea.objects.create(
        title=title,
        text=text,
        topic=topic,
        district=district,
        author=author,
        status=Status.THRESHOLD_REACHED,
        created=created,
        published_at=created,
        collection_ends_at=created + timedelta(days=90),
        threshold_reached_at=created + timedelta(days=30),
    )
    supporters = list(
        User.objects.filter(is_active=True, deleted_at__isnull=True)
        .exclude(pk=author.pk)
        .exclude(email__in=DEMO_LOGINS)
        .filter(emailaddress__verified=True)
        .distinct()
        .order_by("pk")[: current_threshold()]
    )
    Support.objects.bulk_create(
        Support(idea=idea, user=user, created=created + timedelta(hours=index + 1))
        for index, user in enumerate(supporters)
    )
    Follow.objects.get_or_create(idea=idea, user=author)
    IdeaStatusChange.objects.bulk_create(
        [
            IdeaStatusChange(
                idea=idea, to_status=Status.PUBLISHED, changed_by=author, created=created
            ),
            IdeaStatusChange(
                idea=idea,
                from_status=Status.PUBLISHED,
                to_status=Status.THRESHOLD_REACHED,
                created=idea.threshold_reached_at,
            ),
        ]
    )
    Idea.objects.filter(pk=idea.pk).update(
        reference=make_reference(idea), support_count=len(supporters)
    )
    idea.refresh_from_db()
    return idea


def _idea_for(spec, topic, district):
    for title in spec["idea_titles"]:
        idea = Idea.objects.filter(title=title).first()
        if _eligible(idea, topic):
            return idea
    idea = Idea.objects.filter(title=spec["title"]).first()
    if idea is not None and not PilotPage.objects.filter(idea=idea).exists():
        return idea
    return _create_idea(
        spec["title"], spec["idea_text"], topic, district, days_ago=-spec["start"] + 120
    )


def _build_pilot(spec, index, editor):
    topic = _named(Topic, spec["topic"], TOPICS[spec["topic"]])
    district = _named(District, spec["district"], DISTRICTS[spec["district"]])
    idea = _idea_for(spec, topic, district)
    page = PilotPage(
        title=spec["title"],
        slug=spec["slug"],
        live=False,
        idea=idea,
        summary_easy=spec["summary_easy"],
        problem=spec["problem"],
        goal=spec["goal"],
        approach=spec["approach"],
        topic=topic,
        district=district,
        place=spec["place"],
        budget_planned=spec["budget_planned"],
        budget_spent=spec["budget_spent"],
        start_date=_days(spec["start"]),
        end_date=_days(spec["end"]),
        pilot_status=spec["status"],
        kpis=spec["kpis"],
        evaluation_result=spec.get("evaluation_result", ""),
        evaluation_decision=spec.get("evaluation_decision", ""),
        owner=editor,
    )
    page.partners = [
        PilotPartner(name=name, kind=kind, url=url) for name, kind, url in spec["partners"]
    ]
    milestones = []
    for title, planned, done, description in spec["milestones"]:
        status = MilestoneStatus.OPEN
        if done is not None:
            status = MilestoneStatus.DONE
        elif planned < 0:
            status = MilestoneStatus.DELAYED
        elif planned < 60 and spec["status"] == PilotPage.Status.RUNNING:
            status = MilestoneStatus.IN_PROGRESS
        milestones.append(
            PilotMilestone(
                title=title,
                planned_date=_days(planned),
                done_date=_days(done) if done is not None else None,
                status=status,
                description=description,
            )
        )
    page.milestones = milestones
    page.updates = [
        PilotUpdate(date=_days(offset), title=title, text=text)
        for offset, title, text in spec["updates"]
    ]
    page.datasets = [
        PilotDataset(title=title, kind=kind, url=url, description=description)
        for title, kind, url, description in spec["datasets"]
    ]
    index.add_child(instance=page)
    # Publishing (not just saving a live page) sends page_published: the idea becomes a
    # pilot and its followers hear about it, once per event.
    page.save_revision(user=editor, log_action=True).publish(
        user=editor, skip_permission_checks=True
    )
    return page


def _start_review(editor):
    """An idea whose draft pilot waits on the researchers' task ("Wissenschaftliche Prüfung")."""
    spec = REVIEW_IDEA
    topic = _named(Topic, spec["topic"], TOPICS[spec["topic"]])
    district = _named(District, spec["district"], DISTRICTS[spec["district"]])
    ideas = Idea.objects.filter(title=spec["title"])
    if ideas.filter(pilot__isnull=False).exists():
        return None  # loaded before
    idea = (
        ideas.filter(hidden=False, status__in=(Status.THRESHOLD_REACHED, Status.IN_REVIEW))
        .order_by("pk")
        .first()
    )
    if idea is None:
        idea = _create_idea(spec["title"], spec["text"], topic, district, days_ago=60)
    # Below the threshold the guard task would wait for an editor: promote with a reason.
    reason = spec["reason"] if idea.support_count < current_threshold() else ""
    return services.start_pilot_review(idea, by=editor, reason=reason)


@transaction.atomic
def load():
    """Create the demo pilots that are missing; returns a one-line summary."""
    index = services.ensure_pilot_index()
    editor = User.objects.filter(email=EDITOR_EMAIL).first()
    children = index.get_children()
    existing = set(children.values_list("slug", flat=True)) | set(
        children.values_list("title", flat=True)
    )
    created = 0
    specs = pilot_specs()
    for spec in specs:
        if spec["slug"] in existing or spec["title"] in existing:
            continue
        _build_pilot(spec, index, editor)
        created += 1
    in_review = _start_review(editor)
    return (
        f"{len(specs)} Demo-Pilotprojekte ({created} neu), "
        f"{'1 Pilot neu in Prüfung' if in_review else 'Pilot in Prüfung vorhanden'}"
    )
