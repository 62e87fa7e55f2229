"""The demo content: idempotent, varied, and with exact counters."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import translation
from PIL import Image

from demo import ideas as demo
from ideas.models import District, Idea, ParticipationSettings, Support, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo once for this module (about two seconds), inside a transaction that is
    rolled back afterwards; each test runs in a savepoint within it."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        demo.load()
        yield
        transaction.set_rollback(True)


COUNTED = {
    "ideas": "ideas.Idea",
    "supports": "ideas.Support",
    "accounts": "accounts.User",
    "addresses": "account.EmailAddress",
    "status_changes": "ideas.IdeaStatusChange",
    "answers": "ideas.OfficialAnswer",
    "follows": "ideas.Follow",
    "topics": "ideas.Topic",
    "districts": "ideas.District",
}


def counts():
    """How many rows of each kind the demo holds."""
    return {name: apps.get_model(label).objects.count() for name, label in COUNTED.items()}


def test_loading_twice_changes_nothing():
    first = counts()
    snapshot = list(Idea.objects.order_by("pk").values_list("pk", "support_count", "status"))
    demo.load()
    assert counts() == first
    assert (
        list(Idea.objects.order_by("pk").values_list("pk", "support_count", "status")) == snapshot
    )


def test_at_least_30_ideas_cover_every_topic_and_district():
    assert Idea.objects.count() >= 30
    topics = {row["slug"] for row in demo.TOPICS}
    districts = {row["slug"] for row in demo.DISTRICTS}
    assert (len(topics), len(districts)) == (6, 10)
    assert set(Idea.objects.values_list("topic__slug", flat=True)) == topics
    assert set(Idea.objects.values_list("district__slug", flat=True)) == districts
    assert set(District.objects.values_list("name", flat=True)) >= {
        "Elberfeld",
        "Barmen",
        "Cronenberg",
        "Ronsdorf",
        "Langerfeld-Beyenburg",
    }


def test_every_demo_topic_has_an_english_name_and_description():
    topics = Topic.objects.all()
    assert topics.count() == 6
    for topic in topics:
        assert topic.name_en and topic.name_en != topic.name, topic.name
        assert topic.description_en and topic.description_en != topic.description, topic.name
    with translation.override("en"):
        assert Topic.objects.get(slug="mobilitaet-parken").display_name == "Mobility & parking"
    with translation.override("de"):
        assert Topic.objects.get(slug="mobilitaet-parken").display_name == "Mobilität & Parken"


def test_loading_again_fills_in_english_names_but_keeps_what_editors_changed():
    parking = Topic.objects.get(slug="mobilitaet-parken")
    climate = Topic.objects.get(slug="umwelt-klima")
    Topic.objects.filter(pk=parking.pk).update(name_en="", description_en="")
    Topic.objects.filter(pk=climate.pk).update(name_en="Climate")
    demo.load()
    parking.refresh_from_db()
    climate.refresh_from_db()
    assert (parking.name_en, climate.name_en) == ("Mobility & parking", "Climate")
    assert parking.description_en.startswith("Buses, trains")


def test_idea_texts_are_realistic_lengths_and_every_idea_has_a_reference():
    for idea in Idea.objects.all():
        assert 300 <= len(idea.text) <= 900, idea.title
        assert idea.reference and idea.reference.endswith(f"-{idea.pk:04d}")
        assert idea.slug


def test_support_counters_equal_the_support_rows():
    ideas = Idea.objects.annotate(rows=Count("supports"))
    assert ideas.exists()
    for idea in ideas:
        assert idea.support_count == idea.rows, idea.title
        assert not idea.supports.filter(user=idea.author).exists()
    assert Idea.objects.filter(support_count__gt=0).count() >= 25


def test_one_idea_is_one_support_below_the_threshold_and_one_has_reached_it():
    assert ParticipationSettings.load().support_threshold == 50
    below = Idea.objects.filter(support_count=49)
    assert below.count() == 1
    assert below.get().status == Idea.Status.PUBLISHED
    reached = Idea.objects.get(status=Idea.Status.THRESHOLD_REACHED)
    assert reached.support_count == 50
    assert reached.threshold_reached_at is not None
    assert reached.status_changes.filter(to_status=Idea.Status.THRESHOLD_REACHED).exists()


def test_statuses_are_spread_and_every_status_has_its_history():
    statuses = set(Idea.objects.values_list("status", flat=True))
    assert {
        Idea.Status.PUBLISHED,
        Idea.Status.IN_REVIEW,
        Idea.Status.DECLINED,
        Idea.Status.IMPLEMENTED,
        Idea.Status.PILOT,
        Idea.Status.THRESHOLD_REACHED,
    } <= statuses
    assert Idea.objects.filter(status=Idea.Status.PUBLISHED).count() > len(Idea.objects.all()) / 2
    for idea in Idea.objects.all():
        history = list(idea.status_changes.all())
        assert history[0].to_status == Idea.Status.PUBLISHED
        assert history[-1].to_status == idea.status
        assert idea.published_at and idea.collection_ends_at


def test_declined_ideas_give_a_reason_and_a_scored_answer():
    declined = Idea.objects.filter(status=Idea.Status.DECLINED)
    assert declined.exists()
    for idea in declined:
        assert idea.decline_reason
        assert idea.official_answer.scores()
        assert idea.official_answer.answered_by.email == demo.EDITOR_LOGIN


def test_demo_logins_never_support_so_they_can_try_it():
    assert not Support.objects.filter(user__email__in=list(demo.DEMO_LOGINS)).exists()
    assert not EmailAddress.objects.filter(verified=False).exists()


def test_demo_images_are_clean_jpeg_or_webp_without_exif():
    with_image = Idea.objects.exclude(image="")
    assert with_image.count() >= 8
    for idea in with_image:
        assert idea.image_alt
        with idea.image.open("rb") as stored:
            image = Image.open(io.BytesIO(stored.read()))
        assert image.format in {"JPEG", "WEBP"}
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
        assert not idea.image.name.endswith("demo.jpg")


# The benchmark seeder (ideas/management/commands/seed_bench_data.py) shares the demo's
# topics and districts; the demo database is exactly what it must not seed by accident.


def test_bench_seeding_refuses_a_database_with_other_accounts():
    with pytest.raises(CommandError, match="not benchmark accounts"):
        call_command("seed_bench_data", "--ideas", "10", stdout=io.StringIO())


def test_bench_seeding_is_incremental_and_keeps_counters_exact():
    target = Idea.objects.count() + 150
    out = io.StringIO()
    call_command("seed_bench_data", "--ideas", str(target), "--force", stdout=out)
    call_command("seed_bench_data", "--ideas", str(target), "--force", stdout=out)
    assert Idea.objects.count() == target
    bench = Idea.objects.filter(reference__startswith="BENCH-").annotate(rows=Count("supports"))
    assert bench.count() == 150
    for idea in bench:
        assert idea.support_count == idea.rows
        assert idea.status_changes.last().to_status == idea.status
