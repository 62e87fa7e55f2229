"""Demo pilots: three live pilots and one idea whose draft pilot is in scientific review.

``load()`` runs after ``demo.ideas.load()`` (see ``load_demo_content``) and is idempotent:
a pilot that exists (by slug under the pilot index) is left alone, so a second run creates no
page, revision or mail. Pilots are published with ``save_revision().publish()`` so that
``services.on_pilot_published`` runs as in real life: the idea becomes a pilot and followers
hear once about each done milestone, news item and the evaluation (``PilotNotice`` rows keep
it at once, even if a pilot is published again). In ``make run`` the mails go to the console.

Linking to demo ideas: a pilot takes the demo idea named in its spec only while that idea has
passed its threshold (threshold reached, in review or pilot) and has no pilot yet. Ideas
still collecting support stay as ``demo.ideas`` made them (one of them is meant to be one
support short of the threshold); the pilot then gets a small idea of its own.

The pilots (partners, milestones, updates, KPIs, datasets) are in ``data/pilots.json``; their
dates are day offsets from today (negative: in the past). Amounts and KPI values are decimal
strings. All numbers and names of people are invented.
"""

from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from ideas.models import District, Follow, Idea, IdeaStatusChange, Support, Topic
from ideas.services import current_threshold, make_reference
from participation.accounts.models import User
from pilots import services
from pilots.models import PilotDataset, PilotMilestone, PilotPage, PilotPartner, PilotUpdate

from . import data, translations

Status = Idea.Status
Kind = PilotPartner.Kind
MilestoneStatus = PilotMilestone.Status

DATA = data.load("pilots")

EDITOR_EMAIL = "redaktion@example.org"
AUTHOR_EMAILS = list(DATA["authors"])
FALLBACK_AUTHOR = (DATA["fallback_author"]["email"], DATA["fallback_author"]["name"])
DEMO_LOGINS = {"bewohnerin@example.org", "forscher@uni-wuppertal.de", EDITOR_EMAIL}
ELIGIBLE_STATUSES = (Status.THRESHOLD_REACHED, Status.IN_REVIEW, Status.PILOT)

REVIEW_IDEA = DATA["review_idea"]
ENGLISH = DATA["english"]


def _names(rows, slugs):
    return {row["slug"]: row for row in rows if row["slug"] in slugs}


# Names of the topics and districts the pilots use, from the ideas' data file: created here
# if ``demo.ideas`` has not run.
TOPICS = _names(
    data.load("ideas")["topics"], {spec["topic"] for spec in [*DATA["pilots"], REVIEW_IDEA]}
)
DISTRICTS = _names(
    data.load("ideas")["districts"], {spec["district"] for spec in [*DATA["pilots"], REVIEW_IDEA]}
)


def _p(*paragraphs):
    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


def _days(offset):
    return timezone.localdate() + timedelta(days=offset)


def _decimal(value):
    return Decimal(value) if value is not None else None


def _kpi(record):
    return (
        "kpi",
        {
            "name": record["name"],
            "unit": record["unit"],
            "baseline": _decimal(record["baseline"]),
            "target": Decimal(record["target"]),
            "measurements": [
                {"date": _days(m["day"]), "value": Decimal(m["value"])}
                for m in record["measurements"]
            ],
        },
    )


def _pilot_spec(record):
    """One pilot of ``data/pilots.json`` with rich text, choices, amounts and KPIs built; days
    (``start``, ``planned`` …) stay offsets from today."""
    spec = {
        **record,
        "problem": _p(*record["problem"]),
        "goal": _p(*record["goal"]),
        "approach": _p(*record["approach"]),
        "status": PilotPage.Status(record["status"]),
        "budget_planned": _decimal(record["budget_planned"]),
        "budget_spent": _decimal(record["budget_spent"]),
        "partners": [(p["name"], Kind(p["kind"]), p["url"]) for p in record["partners"]],
        "milestones": [
            (m["title"], m["planned"], m["done"], m["description"]) for m in record["milestones"]
        ],
        "updates": [(u["day"], u["title"], u["text"]) for u in record["updates"]],
        "kpis": [_kpi(kpi) for kpi in record["kpis"]],
        "datasets": [
            (d["title"], PilotDataset.Kind(d["kind"]), d["url"], d["description"])
            for d in record["datasets"]
        ],
    }
    if "evaluation_result" in record:
        spec["evaluation_result"] = _p(*record["evaluation_result"])
        spec["evaluation_decision"] = PilotPage.Decision(record["evaluation_decision"])
    return spec


def pilot_specs():
    """The three live pilots, built fresh for today's date."""
    return [_pilot_spec(record) for record in DATA["pilots"]]


def _named(model, slug, row):
    obj = model.objects.filter(slug=slug).first() or model.objects.filter(name=row["name"]).first()
    if obj is None:
        defaults = {"name": row["name"], "name_en": row.get("name_en", "")}
        obj, _created = model.objects.get_or_create(slug=slug, defaults=defaults)
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


#: Fields a pilot takes from its spec in demo/data/pilots.json as they are.
COPIED_FIELDS = (
    "title",
    "slug",
    "summary_easy",
    "problem",
    "goal",
    "approach",
    "place",
    "responsible_office",
    "budget_planned",
    "budget_spent",
)


def _build_pilot(spec, index, editor):
    topic = _named(Topic, spec["topic"], TOPICS[spec["topic"]])
    district = _named(District, spec["district"], DISTRICTS[spec["district"]])
    idea = _idea_for(spec, topic, district)
    page = PilotPage(
        **{name: spec[name] for name in COPIED_FIELDS},
        live=False,
        idea=idea,
        topic=topic,
        district=district,
        start_date=_days(spec["start"]),
        end_date=_days(spec["end"]),
        pilot_status=spec["status"],
        kpis=spec["kpis"],
        evaluation_result=spec.get("evaluation_result", ""),
        no_assessment_reason=spec.get("no_assessment_reason", ""),
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
    # pilot and its followers hear about it, once per event. The demo publishes as if the
    # review had passed (past the permission nobody has on a pilot in review, see
    # pilots.permissions): each pilot has what the two approvals require (tests/demo).
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
    if ideas.filter(pilots__isnull=False).exists():
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


def _english_kpis(page, names):
    """The pilot's KPIs with English names and units (numbers stay the German page's)."""
    blocks = []
    for block, (name, unit) in zip(page.kpis.raw_data, names, strict=False):
        value = {**block["value"], "name": name}
        if unit is not None:
            value["unit"] = unit
        blocks.append({**block, "value": value})
    return blocks


def load_english(index):
    """English translations of the pilot index and the live demo pilots (a pilot's English
    page is made once its German page is live, as editors do it)."""
    created = []
    spec = ENGLISH["index"]
    english_index = translations.translate(index, spec, created)
    for pilot in PilotPage.objects.child_of(index).live().filter(slug__in=ENGLISH["pilots"]):
        spec = ENGLISH["pilots"][pilot.slug]
        fields = {
            name: spec[name]
            for name in ("title", "slug", "place", "responsible_office", "summary_easy")
        }
        for name in ("problem", "goal", "approach", "evaluation_result"):
            if name in spec:
                fields[name] = _p(*spec[name])
        fields["kpis"] = _english_kpis(pilot, spec["kpis"])
        children = {
            "milestones": [{"title": t, "description": d} for t, d in spec["milestones"]],
            "updates": [{"title": t, "text": text} for t, text in spec["updates"]],
            "datasets": [{"title": t, "description": d} for t, d in spec["datasets"]],
            "partners": [{"name": name} for name in spec["partners"]],
        }
        translations.translate(pilot, fields, created, children)
    return english_index, created


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
    _english_index, english = load_english(index)
    return (
        f"{len(specs)} Demo-Pilotprojekte ({created} neu), "
        f"{'1 Pilot neu in Prüfung' if in_review else 'Pilot in Prüfung vorhanden'}, "
        f"{len(english)} englische Seiten neu"
    )
