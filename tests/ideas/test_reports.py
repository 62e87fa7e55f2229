"""Residents report an idea: one report each, enough reports hide it until editors decide."""

import pytest

from reports.models import Report
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db


def report_url(idea):
    return f"/ideen/{idea.pk}/melden/"


def test_anonymous_visitors_are_sent_to_login(client, idea):
    response = client.post(report_url(idea), {"reason": "spam"})
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    assert not Report.objects.exists()


def test_a_resident_reports_an_idea_once_and_not_their_own(client, idea):
    reporter = UserFactory()
    client.force_login(reporter)
    form = client.get(report_url(idea)).content.decode()
    assert "Beleidigend oder diskriminierend" in form

    first = client.post(report_url(idea), {"reason": "personal", "note": "Telefonnummer"})
    again = client.post(report_url(idea), {"reason": "spam"}, follow=True)

    assert first.status_code == 302
    assert "Sie haben diese Idee bereits gemeldet." in again.content.decode()
    report = Report.objects.get()
    assert report.target == idea and report.reporter == reporter
    assert (report.reason, report.note) == ("personal", "Telefonnummer")
    idea.refresh_from_db()
    assert idea.report_count == 1 and not idea.hidden

    client.force_login(idea.author)
    assert client.post(report_url(idea), {"reason": "spam"}).status_code == 403
    assert Report.objects.count() == 1


def test_three_reports_hide_the_idea_pending_review(client, settings):
    settings.IDEA_REPORTS_TO_HIDE = 3
    idea = IdeaFactory(title="Strittige Idee")
    for reporter in UserFactory.create_batch(3):
        client.force_login(reporter)
        client.post(report_url(idea), {"reason": "offensive"})

    idea.refresh_from_db()
    assert idea.hidden and idea.report_count == 3
    client.logout()
    assert client.get(idea.get_absolute_url()).status_code == 404
