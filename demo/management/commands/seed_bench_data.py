"""Seed benchmark data: many ideas with supports, status history and counters, fast.

    manage.py seed_bench_data --ideas 10000

Seeding is incremental: with 1,000 ideas present, ``--ideas 10000`` adds 9,000. Rows are
written with ``bulk_create`` in batches (no signals, no search indexing, ~13k rows/s), and the
denormalised counters are computed from the rows written, so they are exact.

Benchmark accounts use the reserved domain ``bench.invalid`` and have no usable password. The
command refuses to run on a database that holds any other account (a real or demo database)
unless ``--force`` is given: ``manage.py run_benchmarks`` runs it on a separate database.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from demo import data
from demo import ideas as demo
from demo import images as demo_images
from ideas.models import Follow, Idea, IdeaStatusChange, Support
from participation.accounts.models import User

BENCH_DOMAIN = "bench.invalid"
USER_POOL = 2000
BATCH = 5000
IMAGE_SHARE = 1 / 3  # as in the demo: about a third of the ideas have a picture
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
        comment_count=int(rng.expovariate(1 / 5)),
    )
    if rng.random() < IMAGE_SHARE:
        idea.image, idea.image_alt = images[idea.topic_id]
    return idea


def seed(target, *, seed_value=42, out=None):
    """Add ideas until ``target`` exist. Returns ``{"ideas": added, "rows": n, "seconds": s}``."""
    started = time.perf_counter()
    now = timezone.now()
    rows = 0
    with transaction.atomic():
        topics = list(demo.ensure_topics().values())
        districts = list(demo.ensure_districts().values())
        demo.ensure_settings()
        user_pks = ensure_bench_users()
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
                ideas.append(idea)
                plans.append((planned, span))
            Idea.objects.bulk_create(ideas, batch_size=BATCH)
            supports, history, follows = [], [], []
            for idea, (planned, span) in zip(ideas, plans, strict=True):
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
        number += size
        if out:
            out(f"  {number:>7,} Ideen …")
    return {
        "ideas": target - present if target > present else 0,
        "rows": rows,
        "seconds": time.perf_counter() - started,
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
