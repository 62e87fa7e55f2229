"""Demo content for ideas: topics, districts, residents, ideas, supports, history, answers.

``load()`` is idempotent and keyed by natural keys (topic and district slugs, account emails,
idea titles): what exists is left alone, so a second run changes nothing. It writes the models
directly instead of calling the services, so loading sends no mail and takes a second or two;
the denormalised counters are set from the rows actually written.

Demo residents (``demo-01@example.org`` …) and extra supporters
(``unterstuetzer-01@example.org`` …) have verified addresses and *no usable password*: they
exist to make the portal look alive, nobody logs in as them. The three demo logins
(``demo.accounts``) never support a demo idea, so ``bewohnerin@example.org`` can try it
herself, e.g. on the idea that needs one more support to reach the threshold (its
``supports`` in the data file is ``THRESHOLD - 1``).

The topics, districts, names and ideas are in ``data/ideas.json``; ``days_ago`` counts from
the moment of loading. All people, numbers and answers there are invented. Place names are
real Wuppertal places.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from ideas.models import (
    CRITERIA_TEXT_DEFAULT,
    District,
    Follow,
    Idea,
    IdeaStatusChange,
    OfficialAnswer,
    ParticipationSettings,
    Support,
    Topic,
)
from ideas.services import make_reference
from participation.accounts.models import User

from . import data
from . import images as demo_images

Status = Idea.Status

THRESHOLD = 50
COLLECTION_DAYS = 90
CRITERIA_TEXT_EN = (
    "The city rates an idea's impact, cost, feasibility and legal position and gives reasons "
    "for each rating."
)

DATA = data.load("ideas")

# Rows of slug, name (German) and optionally name_en, description, description_en; the order
# in the list is the display order.
TOPICS = DATA["topics"]

# Wuppertal's ten city districts (Stadtbezirke), west to east as they are usually listed. Their
# names are proper names, the same in English, so they have no ``name_en``.
DISTRICTS = DATA["districts"]

# Fields a vocabulary row may have besides slug and name; blank ones are filled in again.
VOCABULARY_FIELDS = ("name_en", "description", "description_en")

# The demo logins from demo.accounts; created here (without a password) only if that module
# has not run yet. It repairs them when it runs later.
RESIDENT_LOGIN = "bewohnerin@example.org"
RESEARCHER_LOGIN = "forscher@uni-wuppertal.de"
EDITOR_LOGIN = "redaktion@example.org"
DEMO_LOGINS = {
    spec["email"]: spec["fields"]["display_name"] for spec in data.load("accounts")["accounts"]
}

RESIDENT_NAMES = list(DATA["resident_names"])
SUPPORTER_FIRST_NAMES = list(DATA["supporter_first_names"])
SUPPORTER_INITIALS = DATA["supporter_initials"]


def resident_email(number):
    return f"demo-{number:02d}@example.org"


def supporter_email(number):
    return f"unterstuetzer-{number:02d}@example.org"


@dataclass
class Answer:
    text: str
    scores: dict = field(default_factory=dict)


@dataclass
class DemoIdea:
    title: str
    topic: str
    district: str
    text: str
    days_ago: int
    supports: int
    status: str = Status.PUBLISHED
    # Statuses after "published", with the public note of each change (``None``: the
    # decline reason).
    steps: list = field(default_factory=list)
    author: str | None = None  # a demo login's email, or None for the next demo resident
    summary_easy: str = ""
    place: str = ""
    image: bool = False
    decline_reason: str = ""
    answer: Answer | None = None

    @classmethod
    def from_record(cls, record):
        """A spec from one entry of ``ideas`` in ``data/ideas.json``."""
        fields = dict(record)
        if "status" in fields:
            fields["status"] = Status(fields["status"])
        fields["steps"] = [
            (Status(step["status"]), step["note"]) for step in record.get("steps", [])
        ]
        if "answer" in fields:
            fields["answer"] = Answer(
                text=record["answer"]["text"], scores=dict(record["answer"]["scores"])
            )
        return cls(**fields)


IDEAS = [DemoIdea.from_record(record) for record in DATA["ideas"]]


def _ensure_named(model, rows):
    """Get or create rows keyed by slug (or, if an editor changed the slug, by name).

    A row that exists keeps what editors wrote; only its blank fields are filled in (the
    English names came later than the topics, so older demo databases get them this way)."""
    objects = {}
    for order, row in enumerate(rows, start=1):
        slug, name = row["slug"], row["name"]
        extra = {key: row[key] for key in VOCABULARY_FIELDS if row.get(key)}
        obj = model.objects.filter(slug=slug).first() or model.objects.filter(name=name).first()
        if obj is None:
            obj = model(slug=slug, name=name, order=order, **extra)
            obj.save()
        else:
            blank = [key for key in extra if not getattr(obj, key)]
            for key in blank:
                setattr(obj, key, extra[key])
            if blank:
                obj.save(update_fields=blank)
        objects[slug] = obj
    return objects


def ensure_topics():
    return _ensure_named(Topic, TOPICS)


def ensure_districts():
    return _ensure_named(District, DISTRICTS)


def ensure_settings():
    rules = ParticipationSettings.load()
    changed = (rules.support_threshold, rules.collection_days) != (THRESHOLD, COLLECTION_DAYS)
    rules.support_threshold, rules.collection_days = THRESHOLD, COLLECTION_DAYS
    if rules.criteria_text == CRITERIA_TEXT_DEFAULT and not rules.criteria_text_en:
        # The English pages' version of the default text (an editor's own text stays).
        rules.criteria_text_en = CRITERIA_TEXT_EN
        changed = True
    if changed:
        rules.save()
    return rules


def _ensure_accounts(people, *, notify=User.Notify.IMMEDIATE):
    """Users for ``[(email, display_name)]`` with a verified address; existing ones stay as
    they are. Returns them in the given order."""
    emails = [email for email, _name in people]
    existing = {user.email: user for user in User.objects.filter(email__in=emails)}
    missing = []
    for email, name in people:
        if email not in existing:
            user = User(email=email, display_name=name, language="de", notify=notify)
            user.set_unusable_password()
            missing.append(user)
    for user in User.objects.bulk_create(missing):
        existing[user.email] = user
    users = [existing[email] for email in emails]
    verified = set(
        EmailAddress.objects.filter(user__in=users, verified=True).values_list("user_id", flat=True)
    )
    unverified = [user for user in users if user.pk not in verified]
    if unverified:
        # An existing unverified address (left by a sign-up) would clash with a new row.
        EmailAddress.objects.filter(user__in=unverified).delete()
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in unverified
        )
    return users


def supporter_name(number):
    first = SUPPORTER_FIRST_NAMES[(number - 1) % len(SUPPORTER_FIRST_NAMES)]
    initial = SUPPORTER_INITIALS[(number * 7) % len(SUPPORTER_INITIALS)]
    return f"{first} {initial}."


def _supporters_needed(residents):
    """Extra supporter accounts so that every idea can get its supports without its author."""
    most = max(spec.supports for spec in IDEAS)
    return max(0, most - (len(residents) - 1))


def _times(rng, start, end, count, recent_bias):
    """``count`` sorted times between ``start`` and ``end``, denser towards ``end`` when
    ``recent_bias`` > 1 (a trending idea)."""
    span = (end - start).total_seconds()
    return sorted(
        start + timedelta(seconds=span * rng.random() ** (1 / recent_bias)) for _ in range(count)
    )


def _create_idea(spec, *, now, topics, districts, author, supporters, editor):
    rng = random.Random(spec.title)  # noqa: S311 - reproducible demo data, not security
    created = now - timedelta(
        days=spec.days_ago, hours=rng.randint(0, 10), minutes=rng.randint(0, 59)
    )
    published = created + timedelta(minutes=rng.randint(1, 20))
    # Status changes after publication happen in the last third of the idea's life so far.
    step_times = sorted(now - (now - published) * rng.uniform(0.05, 0.35) for _ in spec.steps)
    collecting_until = step_times[0] if step_times else now - timedelta(minutes=rng.randint(5, 300))

    idea = Idea(
        title=spec.title,
        text=spec.text,
        summary_easy=spec.summary_easy,
        topic=topics[spec.topic],
        district=districts[spec.district],
        place=spec.place,
        author=author,
        status=spec.status,
        decline_reason=spec.decline_reason,
        created=created,
        published_at=published,
        collection_ends_at=published + timedelta(days=COLLECTION_DAYS),
    )
    if spec.image:
        image = demo_images.make_image(spec.title, spec.topic)  # random name, like an upload
        idea.image.save(image.name, image, save=False)
        idea.image_alt = demo_images.describe(spec.title, spec.topic)
    idea.save()

    # Supports: bulk, then the counters from the rows actually written.
    candidates = [user for user in supporters if user.pk != author.pk]
    chosen = rng.sample(candidates, spec.supports)
    times = _times(rng, published, collecting_until, spec.supports, rng.choice((1, 1, 2, 3)))
    Support.objects.bulk_create(
        Support(idea=idea, user=user, created=at) for user, at in zip(chosen, times, strict=True)
    )
    Follow.objects.create(idea=idea, user=author, created=created)

    threshold_reached_at = None
    if spec.status == Status.THRESHOLD_REACHED:
        threshold_reached_at = times[THRESHOLD - 1] if len(times) >= THRESHOLD else published
        step_times = [threshold_reached_at]
        steps = [(Status.THRESHOLD_REACHED, "")]
        by_editor = False
    else:
        steps = spec.steps
        by_editor = True

    history = [
        IdeaStatusChange(
            idea=idea,
            from_status="",
            to_status=Status.PUBLISHED,
            changed_by=author,
            created=published,
        )
    ]
    previous = Status.PUBLISHED
    for (to_status, note), at in zip(steps, step_times, strict=True):
        if note is None:  # the decline note is the public reason
            note = spec.decline_reason
        history.append(
            IdeaStatusChange(
                idea=idea,
                from_status=previous,
                to_status=to_status,
                note=note,
                changed_by=editor if by_editor else None,
                created=at,
            )
        )
        previous = to_status
    if previous != spec.status:
        raise ValueError(f"Demo idea {spec.title!r}: steps end in {previous}, not {spec.status}")
    IdeaStatusChange.objects.bulk_create(history)

    if spec.answer:
        answered = step_times[-1] if step_times else now
        OfficialAnswer.objects.create(
            idea=idea,
            text=spec.answer.text,
            answered_by=editor,
            created=answered,
            **spec.answer.scores,
        )
        OfficialAnswer.objects.filter(idea=idea).update(updated=answered)

    recent_since = now - timedelta(days=14)
    Idea.objects.filter(pk=idea.pk).update(
        reference=make_reference(idea),
        support_count=Support.objects.filter(idea=idea).count(),
        recent_support_count=Support.objects.filter(idea=idea, created__gte=recent_since).count(),
        threshold_reached_at=threshold_reached_at,
        updated=step_times[-1] if step_times else published,
    )
    return idea


@transaction.atomic
def load():
    """Create whatever demo content is missing; returns a one-line summary."""
    now = timezone.now()
    topics = ensure_topics()
    districts = ensure_districts()
    ensure_settings()

    logins = {user.email: user for user in _ensure_accounts(list(DEMO_LOGINS.items()))}
    residents = _ensure_accounts(
        [(resident_email(n), name) for n, name in enumerate(RESIDENT_NAMES, start=1)]
    )
    extra = _ensure_accounts(
        [
            (supporter_email(n), supporter_name(n))
            for n in range(1, _supporters_needed(residents) + 1)
        ],
        notify=User.Notify.NONE,
    )
    supporters = residents + extra
    editor = logins[EDITOR_LOGIN]

    existing = set(
        Idea.objects.filter(title__in=[s.title for s in IDEAS]).values_list("title", flat=True)
    )
    created = 0
    next_resident = 0
    for spec in IDEAS:
        if isinstance(spec.author, str):
            author = logins[spec.author]
        else:
            author = residents[next_resident % len(residents)]
            next_resident += 1
        if spec.title in existing:
            continue
        _create_idea(
            spec,
            now=now,
            topics=topics,
            districts=districts,
            author=author,
            supporters=supporters,
            editor=editor,
        )
        created += 1
    return (
        f"{len(IDEAS)} Demo-Ideen ({created} neu), {len(TOPICS)} Themen, "
        f"{len(DISTRICTS)} Stadtbezirke, {len(residents) + len(extra)} Demo-Konten"
    )
