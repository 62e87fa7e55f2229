"""How editors read assessments in the Wagtail admin: the listing, and the pilot's panel."""

import pytest
from django.urls import reverse

from ideas.models import Idea
from research.panels import AssessmentsPanel
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
LISTING_URL = "/admin/beteiligung/einschaetzungen/"


def test_the_listing_lives_under_beteiligung():
    assert reverse("research_admin:assessments") == LISTING_URL


def test_assessment_texts_are_escaped_in_the_admin_listing(client, idea, researcher, editor):
    AssessmentFactory(idea=idea, author=researcher, recommendation_text=SCRIPT)
    client.force_login(editor)
    for url in (LISTING_URL, f"{LISTING_URL}?idee={idea.pk}"):
        response = client.get(url)
        content = response.content.decode()
        assert response.status_code == 200
        assert "Dr. Rita Forscher" in content
        assert "<script>alert(" not in content
        assert ESCAPED_SCRIPT in content


def test_admin_listing_is_for_editors_only(client, researcher, resident):
    for user in (researcher, resident):
        client.force_login(user)
        assert client.get(LISTING_URL).status_code in (302, 403)


def test_idea_listing_in_the_admin_links_to_an_ideas_assessments(client, idea, editor):
    client.force_login(editor)
    content = client.get(reverse("wagtailsnippets_ideas_idea:list")).content.decode()
    assert f"{LISTING_URL}?idee={idea.pk}" in content


def test_read_only_editor_panel_shows_the_assessments(rf, idea, researcher, editor):
    AssessmentFactory(idea=idea, author=researcher, recommendation_text=SCRIPT)

    class PilotLike:
        pass

    page = PilotLike()
    page.idea = idea
    request = rf.get("/admin/")
    request.user = editor
    panel = AssessmentsPanel(heading="Einschätzungen").bind_to_model(Idea)
    html = panel.get_bound_panel(instance=page, request=request, form=None).render_html()
    assert "Dr. Rita Forscher" in html
    assert "Geeignet für ein Pilotprojekt" in html
    assert ESCAPED_SCRIPT in html
