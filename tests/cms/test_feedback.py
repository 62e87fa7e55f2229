"""The contact and feedback form: stored, editors told after commit, bots and floods refused."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from wagtail.contrib.forms.models import FormSubmission

from cms.models import HONEYPOT_FIELD
from tests.factories import EditorFactory, UserFactory

MESSAGE = "Die Ampel an der Kreuzung Hofaue schaltet zu schnell."


def fields(page):
    return {field.label: field.clean_name for field in page.get_form_fields()}


def post_data(page, **values):
    names = fields(page)
    data = {names["Name"]: "Erika Muster", names["E-Mail"]: "erika@example.org"}
    data[names["Nachricht"]] = MESSAGE
    data.update({names.get(key, key): value for key, value in values.items()})
    return data


def sent_to(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


@pytest.mark.django_db
@override_settings(EDITOR_EMAILS=["redaktion-postfach@example.org"])
def test_feedback_is_stored_and_mailed_to_the_editors_after_commit(
    client, feedback_page, editor, mailoutbox, django_capture_on_commit_callbacks
):
    resident = UserFactory()
    inactive_editor = EditorFactory(is_active=False)
    feedback_page.to_address = "buergerbuero@example.org"
    feedback_page.save()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(feedback_page.url, post_data(feedback_page))
        # Nothing is sent while the request's transaction is open.
        assert mailoutbox == []
    assert response.status_code == 200
    assert "Vielen Dank" in response.content.decode()
    submission = FormSubmission.objects.get(page=feedback_page)
    assert submission.form_data[fields(feedback_page)["Nachricht"]] == MESSAGE

    for callback in callbacks:
        callback()

    recipients = sent_to(mailoutbox)
    assert editor.email in recipients
    assert "redaktion-postfach@example.org" in recipients
    assert "buergerbuero@example.org" in recipients
    assert resident.email not in recipients
    assert inactive_editor.email not in recipients
    assert len(recipients) == len(set(recipients)), "one mail per recipient"
    message = mailoutbox[0]
    assert MESSAGE in message.body
    assert message.extra_headers["Reply-To"] == "erika@example.org"
    assert f"/admin/forms/submissions/{feedback_page.pk}/" in message.body


@pytest.mark.django_db
@override_settings(EDITOR_EMAILS=[])
def test_editors_group_members_are_mailed_even_without_editor_emails(
    client, feedback_page, mailoutbox, django_capture_on_commit_callbacks
):
    Group.objects.get(name="Editors").user_set.clear()
    editor = EditorFactory()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(feedback_page.url, post_data(feedback_page))

    assert sent_to(mailoutbox) == [editor.email]


@pytest.mark.django_db
@override_settings(EDITOR_EMAILS=["redaktion-postfach@example.org"])
def test_feedback_text_is_escaped_in_the_mail_html(
    client, feedback_page, mailoutbox, django_capture_on_commit_callbacks
):
    attack = '<script>alert("x")</script><a href="https://evil.example">klick</a>'

    with django_capture_on_commit_callbacks(execute=True):
        client.post(feedback_page.url, post_data(feedback_page, Nachricht=attack))

    message = mailoutbox[0]
    html = {mimetype: content for content, mimetype in message.alternatives}["text/html"]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="https://evil.example"' not in html
    assert attack in message.body  # the plain-text part carries the text as written


@pytest.mark.django_db
@override_settings(EDITOR_EMAILS=["redaktion-postfach@example.org"])
def test_honeypot_submission_is_thanked_but_neither_stored_nor_mailed(
    client, feedback_page, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            feedback_page.url,
            post_data(feedback_page, **{HONEYPOT_FIELD: "https://spam.example"}),
        )

    assert response.status_code == 200
    assert "Vielen Dank" in response.content.decode()
    assert FormSubmission.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_form_renders_an_empty_hidden_honeypot_and_a_csrf_token(client, feedback_page):
    content = client.get(feedback_page.url).content.decode()

    assert f'name="{HONEYPOT_FIELD}"' in content
    assert 'class="honeypot" aria-hidden="true"' in content
    assert 'name="csrfmiddlewaretoken"' in content


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused(feedback_page):
    client = Client(enforce_csrf_checks=True)

    response = client.post(feedback_page.url, post_data(feedback_page))

    assert response.status_code == 403
    assert FormSubmission.objects.count() == 0


@pytest.mark.django_db
def test_missing_message_shows_error_summary_and_keeps_the_input(client, feedback_page):
    names = fields(feedback_page)

    response = client.post(feedback_page.url, post_data(feedback_page, Nachricht=""))

    content = response.content.decode()
    assert response.status_code == 200
    assert FormSubmission.objects.count() == 0
    assert 'class="error-summary"' in content
    assert f'href="#id_{names["Nachricht"]}"' in content
    assert f'id="id_{names["Nachricht"]}_error"' in content
    assert f'aria-describedby="id_{names["Nachricht"]}_error"' in content
    assert 'aria-invalid="true"' in content
    assert 'value="Erika Muster"' in content
    assert 'value="erika@example.org"' in content


@pytest.mark.django_db
def test_invalid_email_is_reported_next_to_the_field(client, feedback_page):
    names = fields(feedback_page)

    response = client.post(feedback_page.url, post_data(feedback_page, **{"E-Mail": "kein-at"}))

    content = response.content.decode()
    assert f'id="id_{names["E-Mail"]}_error"' in content
    assert MESSAGE in content  # the message survives the error
    assert FormSubmission.objects.count() == 0


@pytest.mark.django_db
@override_settings(RATE_LIMIT_FEEDBACK="2/600")
def test_too_many_messages_are_refused_with_429_and_the_text_kept(client, feedback_page):
    for _ in range(2):
        assert client.post(feedback_page.url, post_data(feedback_page)).status_code == 200

    response = client.post(feedback_page.url, post_data(feedback_page))

    assert response.status_code == 429
    assert FormSubmission.objects.count() == 2
    assert MESSAGE in response.content.decode()
    assert "spätestens in 10 Minuten erneut" in response.content.decode()
    # Someone else (another address) is not affected.
    other = client.post(feedback_page.url, post_data(feedback_page), REMOTE_ADDR="192.0.2.44")
    assert other.status_code == 200
    assert FormSubmission.objects.count() == 3


@pytest.mark.django_db
def test_overlong_message_is_refused(client, feedback_page):
    response = client.post(feedback_page.url, post_data(feedback_page, Nachricht="x" * 5001))

    assert FormSubmission.objects.count() == 0
    assert 'class="error-summary"' in response.content.decode()


@pytest.mark.django_db
def test_a_residents_feedback_messages_are_in_their_data_export(
    client, feedback_page, django_capture_on_commit_callbacks
):
    from tests.export import read_export

    erika = UserFactory(email="erika@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(feedback_page.url, post_data(feedback_page, **{"E-Mail": "Erika@Example.org"}))
        client.post(feedback_page.url, post_data(feedback_page, **{"E-Mail": "jemand@example.org"}))

    client.force_login(erika)
    data, _files = read_export(client.post("/konto/daten/"))

    messages = data["feedback_messages"]
    assert len(messages) == 1
    assert MESSAGE in messages[0]["fields"].values()
    assert messages[0]["form"] == feedback_page.title
