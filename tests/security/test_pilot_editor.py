"""A pilot page's editor answers malformed form data with an error, never 500 (issue 12,
finding 3c). A StreamField's ``…-count`` field is written by the editor's script; without it
(a hand-made or truncated POST) Wagtail's block widget raised KeyError."""

import pytest
from wagtail.test.utils.form_data import querydict_from_html

from cms.models import ContentPage
from pilots.models import PilotPage
from tests.pilots.builders import edit_form, make_pilot

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot(home):
    return make_pilot("Smarte Parkplatzsensoren")


def post(client, page, data):
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


@pytest.mark.parametrize("field", ["kpis-count", "milestones-TOTAL_FORMS", "title"])
@pytest.mark.parametrize("action", [{}, {"action-publish": "1"}])
def test_edit_form_without_a_field_answers_with_an_error_not_500(
    client, editor, pilot, field, action
):
    client.force_login(editor)
    data = edit_form(client, pilot)
    data.pop(field)

    response = post(client, pilot, {**data, **action})

    assert response.status_code in (200, 400)
    assert PilotPage.objects.get(pk=pilot.pk).get_latest_revision().pk == (
        pilot.get_latest_revision().pk
    )


def test_edit_form_without_the_kpi_count_says_so_and_saves_nothing(client, editor, pilot):
    client.force_login(editor)
    revision = pilot.get_latest_revision().pk
    data = edit_form(client, pilot, title="Neuer Titel")
    data.pop("kpis-count")

    response = post(client, pilot, {**data, "action-publish": "1"})

    assert response.status_code == 200
    errors = response.context["form"].errors["kpis"].as_data()[0].non_block_errors
    assert "konnte nicht gelesen werden" in errors.as_text()
    assert PilotPage.objects.get(pk=pilot.pk).get_latest_revision().pk == revision
    assert PilotPage.objects.get(pk=pilot.pk).title == "Smarte Parkplatzsensoren"


@pytest.mark.parametrize(
    "missing", ["kpis-0-type", "kpis-0-order", "kpis-0-deleted", "kpis-0-value-measurements-count"]
)
def test_edit_form_without_a_kpi_part_answers_with_an_error_not_500(client, editor, pilot, missing):
    client.force_login(editor)
    data = edit_form(
        client,
        pilot,
        kpis={
            "count": "1",
            "0-type": "kpi",
            "0-deleted": "",
            "0-order": "0",
            "0-value-name": "Suchverkehr",
            "0-value-unit": "min",
            "0-value-baseline": "12",
            "0-value-target": "6",
            "0-value-measurements-count": "0",
        },
    )
    data.pop(missing)

    response = post(client, pilot, data)

    assert response.status_code == 200
    assert "kpis" in response.context["form"].errors


def test_content_page_editor_without_the_body_count_answers_with_an_error(client, editor, home):
    page = ContentPage(title="Impressum", slug="impressum")
    home.add_child(instance=page)
    page.save_revision().publish()
    client.force_login(editor)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form").dict()
    data.pop("body-count", None)

    response = client.post(f"/admin/pages/{page.pk}/edit/", data)

    assert response.status_code == 200
    assert "body" in response.context["form"].errors


@pytest.mark.parametrize("count", ["abc", "-1", "999999999999999999", ""])
def test_edit_form_with_a_bad_kpi_count_answers_with_an_error_not_500(client, editor, pilot, count):
    client.force_login(editor)
    data = {**edit_form(client, pilot), "kpis-count": count}

    response = post(client, pilot, data)

    assert response.status_code in (200, 302, 400)
