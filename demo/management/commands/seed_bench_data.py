"""Seed benchmark data: many ideas with supports, comments, status history and counters, fast.

    manage.py seed_bench_data --ideas 10000

Seeding is incremental: with 1,000 ideas present, ``--ideas 10000`` adds 9,000. Rows are
written with ``bulk_create`` in batches (no signals, ~13k rows/s), and the denormalised
counters are computed from the rows written, so they are exact. Comments are django-comments-xtd
rows in their three tables (``django_comments``, ``django_comments_xtd_xtdcomment``,
``discussion_comment``), written with one multi-row INSERT per table and batch. Each batch of
new ideas goes into the search index with the backend's own bulk call (``add_bulk``, what
``update_index`` does, but only for the new ideas). The CMS pages (home, legal pages) and up to
``PILOTS`` pilot pages with milestones are made the way the demo makes them (Wagtail pages
cannot be bulk-created), once, not per idea.

Benchmark accounts use the reserved domain ``bench.invalid`` and have no usable password. The
command refuses to run on a database that holds any other account (a real or demo database)
unless ``--force`` is given: ``manage.py run_benchmarks`` runs it on a separate database.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django_comments.models import Comment as BaseComment
from django_comments_xtd.models import XtdComment
from modelsearch.backends import get_search_backend

from demo import data
from demo import ideas as demo
from demo import images as demo_images
from demo import pages as demo_pages
from demo import pilots as demo_pilots
from discussion.models import Comment
from ideas.models import Follow, Idea, IdeaStatusChange, Support
from participation.accounts.models import User
from pilots import services as pilot_services
from pilots.models import PilotMilestone, PilotPage, PilotPartner, PilotUpdate

BENCH_DOMAIN = "bench.invalid"
USER_POOL = 2000
BATCH = 5000
IMAGE_SHARE = 1 / 3  # as in the demo: about a third of the ideas have a picture
COMMENT_MEAN = 3  # comments per idea on average (exponential), a few with a reply
PILOTS = 20  # pilot pages (Wagtail pages: made one by one, so a fixed number per database)
#: Words the search benchmark looks for; each is in the generated titles or texts.
SEARCH_WORDS = ("Glasfaser", "Sensor", "Parkplatz")
Status = Idea.Status

# Age decides the status: ideas younger than the collection period mostly collect, older ones
# have an outcome (most simply expired, as on every participation platform).
YOUNG_STATUSES = [
    (Status.PUBLISHED, 90),
    (Status.THRESHOLD_REACHED, 3),
    (Status.IN_REVIEW, 3),
    (Status.DECLINED, 2),
    (Status.WITHDRAWN, 2),
]
OLD_STATUSES = [
    (Status.EXPIRED, 70),
    (Status.DECLINED, 10),
    (Status.THRESHOLD_REACHED, 4),
    (Status.IN_REVIEW, 5),
    (Status.PILOT, 3),
    (Status.IMPLEMENTED, 5),
    (Status.WITHDRAWN, 3),
]
ABOVE_THRESHOLD = {Status.THRESHOLD_REACHED, Status.IN_REVIEW, Status.PILOT, Status.IMPLEMENTED}

# Vocabulary of the generated titles and texts.
VOCABULARY = data.load("bench")
SUBJECTS = list(VOCABULARY["subjects"])
PLACES = list(VOCABULARY["places"])
SENTENCES = list(VOCABULARY["sentences"])


def bench_email(number):
    return f"bench-{number:05d}@{BENCH_DOMAIN}"


def foreign_accounts():
    """Accounts that are not benchmark accounts: their presence means "not a bench database"."""
    return User.objects.exclude(email__endswith=f"@{BENCH_DOMAIN}")


def weighted(rng, table):
    statuses, weights = zip(*table, strict=True)
    return rng.choices(statuses, weights)[0]


def ensure_bench_users(count=USER_POOL):
    existing = set(
        User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").values_list("email", flat=True)
    )
    missing = [bench_email(n) for n in range(1, count + 1) if bench_email(n) not in existing]
    users = [
        User(
            email=email,
            display_name=f"Bench {email[6:11]}",
            password=make_password(None),
            notify=User.Notify.NONE,
        )
        for email in missing
    ]
    User.objects.bulk_create(users, batch_size=BATCH)
    created = User.objects.filter(email__in=missing)
    EmailAddress.objects.bulk_create(
        (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in created),
        batch_size=BATCH,
    )
    return list(
        User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}", email__startswith="bench-")
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )


def _support_count(rng, status):
    if status in ABOVE_THRESHOLD:
        return min(USER_POOL - 1, demo.THRESHOLD + int(rng.expovariate(1 / 40)))
    # Most ideas gather a handful of supports; few get close to the threshold.
    return min(demo.THRESHOLD - 1, int(rng.expovariate(1 / 14)))


def bench_images(topics):
    """One illustration per topic in the media storage, shared by the ideas that show one."""
    names = {}
    for topic in topics:
        name = f"ideas/bench/{topic.slug}.jpg"
        if not default_storage.exists(name):
            name = default_storage.save(name, demo_images.make_image(topic.name, topic.slug))
        names[topic.pk] = (name, demo_images.describe(topic.name, topic.slug))
    return names


def _idea(rng, number, now, topics, districts, author_pk, images):
    # Three years of ideas, more of them recently (a growing portal): ~30 % still collect.
    age = timedelta(days=3 * 365 * rng.random() ** 2)
    created = now - age
    status = weighted(rng, YOUNG_STATUSES if age.days < demo.COLLECTION_DAYS else OLD_STATUSES)
    subject = rng.choice(SUBJECTS)
    district = rng.choice(districts)
    title = f"{subject} {rng.choice(PLACES)} in {district.name} ({number})"
    text = " ".join(rng.sample(SENTENCES, 6))
    idea = Idea(
        reference=f"BENCH-{number:07d}",
        title=title,
        slug=slugify(title)[:140],
        text=text,
        topic=rng.choice(topics),
        district=district,
        author_id=author_pk,
        status=status,
        hidden=rng.random() < 0.005,
        created=created,
        updated=created,
        published_at=created,
        collection_ends_at=created + timedelta(days=demo.COLLECTION_DAYS),
    )
    if rng.random() < IMAGE_SHARE:
        idea.image, idea.image_alt = images[idea.topic_id]
    return idea


def _plan_comments(rng, idea, user_pks, now):
    """``[(user_pk, text, when, is_reply)]``: a few comments, the second often a reply."""
    count = min(30, int(rng.expovariate(1 / COMMENT_MEAN)))
    span = max(60.0, (now - idea.created).total_seconds())
    times = sorted(idea.created + timedelta(seconds=span * rng.random()) for _ in range(count))
    return [
        (rng.choice(user_pks), rng.choice(SENTENCES), when, index == 1 and rng.random() < 0.5)
        for index, when in enumerate(times)
    ]


def _insert_rows(model, columns, rows):
    """One multi-row INSERT per batch into ``model``'s own table (no parents, no signals):
    ``bulk_create`` refuses multi-table inherited models such as xtd's comments."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    step = max(1, 900 // len(columns))  # SQLite allows 999 parameters per statement
    with connection.cursor() as cursor:
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            values = ", ".join([one] * len(chunk))
            params = [value for row in chunk for value in row]
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {values}", params)  # noqa: S608


def _write_comments(ideas, plans, names):
    """The planned comments of ``ideas`` in xtd's three tables; returns the number of rows."""
    content_type = ContentType.objects.get_for_model(Idea)
    base, owners = [], []
    for idea, planned in zip(ideas, plans, strict=True):
        for user_pk, text, when, is_reply in planned:
            base.append(
                BaseComment(
                    content_type=content_type,
                    object_pk=str(idea.pk),
                    site_id=settings.SITE_ID,
                    user_id=user_pk,
                    user_name=names[user_pk],
                    user_email="",
                    comment=text,
                    submit_date=when,
                    is_public=True,
                    is_removed=False,
                )
            )
            owners.append((idea.pk, is_reply))
    BaseComment.objects.bulk_create(base, batch_size=BATCH)
    threads, nested = [], {}
    first_of = {}
    for comment, (idea_pk, is_reply) in zip(base, owners, strict=True):
        first = first_of.setdefault(idea_pk, comment.pk)
        if is_reply and first != comment.pk:
            threads.append([comment.pk, first, first, 1, 2, False, 0])
            nested[first] = nested.get(first, 0) + 1
        else:
            threads.append([comment.pk, comment.pk, comment.pk, 0, 1, False, 0])
    for row in threads:
        row[6] = nested.get(row[0], 0)
    _insert_rows(
        XtdComment,
        ["comment_ptr", "thread_id", "parent_id", "level", "order", "followup", "nested_count"],
        threads,
    )
    _insert_rows(
        Comment,
        ["xtdcomment_ptr", "is_official", "report_count", "hidden_by_reports"],
        [(comment.pk, False, 0, False) for comment in base],
    )
    return 3 * len(base)


def ensure_bench_pilots(count=PILOTS):
    """Pilot pages with partners, milestones, news and KPIs for piloted bench ideas, made like
    ``demo.pilots`` makes them (the three demo pilots' texts, taken in turn). Returns how many
    were added."""
    index = pilot_services.ensure_pilot_index()
    existing = PilotPage.objects.filter(idea__reference__startswith="BENCH-").count()
    if existing >= count:
        return 0
    # Piloted ideas first; in a small database also ideas past their threshold, promoted.
    unpiloted = Idea.objects.filter(
        reference__startswith="BENCH-", hidden=False, pilots__isnull=True
    ).order_by("pk")
    ideas = list(unpiloted.filter(status=Status.PILOT)[: count - existing])
    if len(ideas) < count - existing:
        promoted = list(
            unpiloted.filter(status__in=[Status.THRESHOLD_REACHED, Status.IN_REVIEW])[
                : count - existing - len(ideas)
            ]
        )
        Idea.objects.filter(pk__in=[idea.pk for idea in promoted]).update(status=Status.PILOT)
        IdeaStatusChange.objects.bulk_create(
            IdeaStatusChange(idea_id=idea.pk, from_status=idea.status, to_status=Status.PILOT)
            for idea in promoted
        )
        ideas += promoted
    specs = demo_pilots.pilot_specs()
    for number, idea in enumerate(ideas, start=existing + 1):
        spec = specs[number % len(specs)]
        page = PilotPage(
            **{name: spec[name] for name in demo_pilots.COPIED_FIELDS},
            live=True,
            idea=idea,
            topic_id=idea.topic_id,
            district_id=idea.district_id,
            start_date=timezone.localdate() + timedelta(days=spec["start"]),
            end_date=timezone.localdate() + timedelta(days=spec["end"]),
            pilot_status=spec["status"],
            kpis=spec["kpis"],
            evaluation_result=spec.get("evaluation_result", ""),
            evaluation_decision=spec.get("evaluation_decision", ""),
        )
        page.title = f"{spec['title']} ({number})"
        page.slug = f"{spec['slug']}-bench-{number}"
        page.partners = [
            PilotPartner(name=name, kind=kind, url=url) for name, kind, url in spec["partners"]
        ]
        page.milestones = [
            PilotMilestone(
                title=title,
                planned_date=timezone.localdate() + timedelta(days=planned),
                done_date=timezone.localdate() + timedelta(days=done) if done is not None else None,
                status=PilotMilestone.Status.DONE
                if done is not None
                else PilotMilestone.Status.OPEN,
                description=description,
            )
            for title, planned, done, description in spec["milestones"]
        ]
        page.updates = [
            PilotUpdate(date=timezone.localdate() + timedelta(days=offset), title=title, text=text)
            for offset, title, text in spec["updates"]
        ]
        index.add_child(instance=page)
    return len(ideas)


def seed(target, *, seed_value=42, out=None):
    """Add ideas until ``target`` exist. Returns ``{"ideas": added, "rows": n, "seconds": s,
    "index_seconds": search indexing, "pilots": pilot pages added}``."""
    started = time.perf_counter()
    now = timezone.now()
    rows = 0
    index_seconds = 0.0
    backend = get_search_backend()
    with transaction.atomic():
        demo_pages.load()  # home, legal pages and the Site: every page's header and footer
        topics = list(demo.ensure_topics().values())
        districts = list(demo.ensure_districts().values())
        demo.ensure_settings()
        user_pks = ensure_bench_users()
    names = dict(User.objects.filter(pk__in=user_pks).values_list("pk", "display_name"))
    images = bench_images(topics)
    present = Idea.objects.count()
    rng = random.Random(seed_value * 1_000_003 + present)  # noqa: S311 - synthetic data
    recent_since = now - timedelta(days=14)
    number = present
    while number < target:
        size = min(BATCH, target - number)
        with transaction.atomic():
            # Plan everything first, so the counters go in with the INSERT (no UPDATE pass).
            ideas, plans = [], []
            for offset in range(size):
                author = rng.choice(user_pks)
                idea = _idea(rng, number + offset + 1, now, topics, districts, author, images)
                wanted = _support_count(rng, idea.status)
                chosen = [pk for pk in rng.sample(user_pks, wanted + 1) if pk != idea.author_id]
                end = min(now, idea.collection_ends_at)
                span = (end - idea.created).total_seconds()
                planned = [
                    (user_pk, idea.created + timedelta(seconds=span * rng.random()))
                    for user_pk in chosen[:wanted]
                ]
                idea.support_count = len(planned)
                idea.recent_support_count = sum(at >= recent_since for _pk, at in planned)
                if idea.status in ABOVE_THRESHOLD:
                    idea.threshold_reached_at = idea.created + timedelta(seconds=span / 2)
                comments = _plan_comments(rng, idea, user_pks, now)
                idea.comment_count = len(comments)
                ideas.append(idea)
                plans.append((planned, span, comments))
            Idea.objects.bulk_create(ideas, batch_size=BATCH)
            rows += _write_comments(ideas, [plan[2] for plan in plans], names)
            supports, history, follows = [], [], []
            for idea, (planned, span, _comments) in zip(ideas, plans, strict=True):
                supports.extend(
                    Support(idea_id=idea.pk, user_id=user_pk, created=at) for user_pk, at in planned
                )
                history.append(
                    IdeaStatusChange(
                        idea_id=idea.pk,
                        from_status="",
                        to_status=Status.PUBLISHED,
                        changed_by_id=idea.author_id,
                        created=idea.created,
                    )
                )
                if idea.status != Status.PUBLISHED:
                    history.append(
                        IdeaStatusChange(
                            idea_id=idea.pk,
                            from_status=Status.PUBLISHED,
                            to_status=idea.status,
                            created=idea.created + timedelta(seconds=span * 0.9),
                        )
                    )
                follows.append(
                    Follow(idea_id=idea.pk, user_id=idea.author_id, created=idea.created)
                )
            Support.objects.bulk_create(supports, batch_size=BATCH)
            IdeaStatusChange.objects.bulk_create(history, batch_size=BATCH)
            Follow.objects.bulk_create(follows, batch_size=BATCH)
            rows += len(ideas) + len(supports) + len(history) + len(follows)
            indexing = time.perf_counter()
            backend.add_bulk(Idea, ideas)
            index_seconds += time.perf_counter() - indexing
        number += size
        if out:
            out(f"  {number:>7,} Ideen …")
    with transaction.atomic():
        pilots = ensure_bench_pilots()
    return {
        "ideas": target - present if target > present else 0,
        "rows": rows,
        "seconds": time.perf_counter() - started,
        "index_seconds": index_seconds,
        "pilots": pilots,
    }


class Command(BaseCommand):
    help = (
        "Legt Benchmark-Daten an (Ideen, Unterstützungen, Verlauf), inkrementell bis --ideas. "
        "Nur für eine eigene Benchmark-Datenbank."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ideas", type=int, required=True, help="Ziel: so viele Ideen")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Auch auf einer Datenbank mit anderen Konten (z. B. Demo-Daten) ausführen.",
        )
        parser.add_argument(
            "--seed", dest="seed_value", type=int, default=42, help="Startwert des Zufalls"
        )

    def handle(self, *args, ideas, force, seed_value, **options):
        if ideas < 0:
            raise CommandError("--ideas must not be negative.")
        if not force and foreign_accounts().exists():
            raise CommandError(
                "This database holds accounts that are not benchmark accounts "
                f"(not @{BENCH_DOMAIN}). Seed a separate database (manage.py run_benchmarks "
                "does), or pass --force."
            )
        result = seed(ideas, seed_value=seed_value, out=self.stdout.write)
        rate = result["rows"] / result["seconds"] if result["seconds"] else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['ideas']:,} Ideen neu, {result['rows']:,} Zeilen in "
                f"{result['seconds']:.1f} s ({rate:,.0f} Zeilen/s); "
                f"{Idea.objects.count():,} Ideen insgesamt."
            )
        )
