"""One report model for ideas and comments: filing, counting, settling, exporting."""

import pytest
from django.db.models import Q

from ideas.models import Idea
from reports import services
from reports.models import Report
from tests.factories import CommentFactory, IdeaFactory, ReportFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_reports_an_object_once(idea):
    reporter = UserFactory()

    assert services.file_report(reporter, idea, "spam", "  Werbung  ") is True
    assert services.file_report(reporter, idea, "offensive") is False

    report = Report.objects.get()
    assert (report.target, report.reporter, report.reason, report.note) == (
        idea,
        reporter,
        "spam",
        "Werbung",
    )
    assert not report.resolved


def test_an_unknown_reason_counts_as_other(idea):
    services.file_report(UserFactory(), idea, "gefällt mir nicht")
    assert Report.objects.get().reason == Report.Reason.OTHER


def test_counts_and_settling_stay_with_their_object_even_when_ids_coincide():
    comment = CommentFactory()
    # An idea with the comment's id: the same number, another kind of object.
    idea = Idea.objects.filter(pk=comment.pk).first() or IdeaFactory(id=comment.pk)
    ReportFactory.create_batch(2, target=idea)
    ReportFactory(target=comment)

    assert services.open_report_count(idea) == 2
    assert services.open_report_count(comment) == 1
    assert services.resolve_reports(idea) == 2
    assert not services.has_open_reports(idea)
    assert services.has_open_reports(comment)


def test_open_reports_filter_a_queryset_by_reason():
    spam, rude, settled, quiet = IdeaFactory.create_batch(4)
    ReportFactory(target=spam, reason="spam")
    ReportFactory(target=rude, reason="offensive")
    ReportFactory(target=settled, reason="spam", resolved=True)

    reported = Idea.objects.filter(services.open_reports_exist(Idea))
    spam_only = Idea.objects.filter(Q(services.open_reports_exist(Idea, reason="spam")))

    assert set(reported) == {spam, rude}
    assert list(spam_only) == [spam]
    assert quiet not in reported


def test_reports_go_with_the_reported_object(idea):
    comment = CommentFactory(target=IdeaFactory())
    ReportFactory(target=idea)
    on_comment = ReportFactory(target=comment)

    idea.delete()
    assert list(Report.objects.all()) == [on_comment]

    comment.delete()
    assert not Report.objects.exists()


def test_export_lists_the_persons_reports_on_ideas_and_comments(idea):
    reporter = UserFactory()
    comment = CommentFactory(target=idea)
    ReportFactory(target=idea, reporter=reporter, reason="personal", note="Telefonnummer")
    ReportFactory(target=comment, reporter=reporter, reason="spam")
    ReportFactory(target=idea)  # someone else's

    section = services.export_reports(reporter)["reports"]

    assert [(r["on"], r["object_id"], r["reason"], r["note"]) for r in section] == [
        ("idea", idea.pk, "personal", "Telefonnummer"),
        ("comment", comment.pk, "spam", ""),
    ]
