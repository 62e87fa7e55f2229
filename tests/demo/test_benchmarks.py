"""The benchmark (``manage.py run_benchmarks``) and its seeder, at sizes a test can afford.

Benchmarks are not tests: nothing here asserts a timing, only that a run measures every page
next to its floor and writes what the docs promise.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client, override_settings
from modelsearch.backends import get_search_backend

from demo import bench_http
from demo.management.commands.run_benchmarks import FLOORS, PAGES
from demo.management.commands.seed_bench_data import SEARCH_WORDS, seed
from discussion.models import Comment
from ideas.models import Idea, Support
from pilots.models import PilotPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_tiny_run_writes_every_page_and_floor_with_their_queries(tmp_path):
    output = tmp_path / "bench-results.json"
    call_command(
        "run_benchmarks",
        "--child",
        "--sizes", "200",
        "--requests", "3",
        "--no-http",
        "--no-doc",
        "--force",
        "--output", str(output),
        stdout=io.StringIO(),
    )  # fmt: skip
    report = json.loads(output.read_text())
    assert report["database"] and report["machine"] and report["when"]
    assert report["http"] == {"skipped": "--no-http"}
    results = report["sizes"]["200"]
    assert set(FLOORS) | set(PAGES) <= set(results)
    for key in PAGES:
        row = results[key]
        assert row["queries"] > 0, key
        assert row["median_ms"] > 0 and row["p95_ms"] >= row["median_ms"]
        assert row["floor"] in FLOORS and row["ratio"] > 0
    assert results["list_floor"]["queries"] == 1
    assert results["detail_floor"]["queries"] == 1
    assert all(results["search_hits"][word] > 0 for word in SEARCH_WORDS)


def test_bench_seeding_adds_comments_pilots_and_search_entries_once():
    first = seed(200)
    again = seed(200)
    assert first["ideas"] == 200 and again == {**again, "ideas": 0, "rows": 0, "pilots": 0}
    bench = Idea.objects.filter(reference__startswith="BENCH-")
    assert bench.count() == 200
    # Comment counters are those of the rows written (xtd threads: a few replies).
    counted = bench.annotate(rows=Count("supports", distinct=True))
    comments = Comment.objects.filter(content_type__model="idea")
    assert comments.count() == sum(bench.values_list("comment_count", flat=True)) > 0
    assert comments.filter(level=1).exists()
    for idea in counted:
        assert idea.support_count == idea.rows
    pilots = PilotPage.objects.filter(idea__reference__startswith="BENCH-")
    assert pilots.count() == first["pilots"] > 0
    assert all(pilot.milestones.exists() and pilot.live for pilot in pilots)
    backend = get_search_backend()
    for word in SEARCH_WORDS:
        assert backend.search(word, Idea.objects.public()).count() > 0, word


@override_settings(ROOT_URLCONF="demo.bench_urls")
def test_the_support_floor_stores_a_support_and_raises_the_counter():
    seed(100)
    idea = Idea.objects.filter(status=Idea.Status.PUBLISHED, hidden=False).first()
    before = idea.support_count
    client = Client()
    client.force_login(UserFactory())
    response = client.post(f"/_bench/support/{idea.pk}/")
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.support_count == before + 1
    assert Support.objects.filter(idea=idea).count() == idea.support_count


WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8001/ideen/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   180.12ms   40.00ms   1.20s    80.00%
  Latency Distribution
     50%  170.50ms
     75%  200.00ms
     90%  250.00ms
     99%    1.05s
  1790 requests in 10.02s, 40.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    178.64
Transfer/sec:      3.99MB
"""


def test_wrk_output_gives_rate_percentiles_and_errors():
    result = bench_http.parse_wrk(WRK_OUTPUT)
    assert result["requests_per_s"] == 178.6
    assert result["p50_ms"] == 170.5
    assert result["p99_ms"] == 1050.0
    assert result["requests"] == 1790
    assert result["errors"] == 7
