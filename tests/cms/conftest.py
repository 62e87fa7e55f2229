import pytest
from django.core.management import call_command


@pytest.fixture
def demo_content(db, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_content", verbosity=0)
    mail.outbox.clear()  # demo pilots and ideas notify their followers; tests start clean


@pytest.fixture
def legal_pages(demo_content):
    from cms.models import ContentPage, FeedbackFormPage

    pages = {
        key: ContentPage.objects.get(slug=slug)
        for key, slug in [
            ("impressum", "impressum"),
            ("datenschutz", "datenschutz"),
            ("barrierefreiheit", "barrierefreiheit"),
            ("leichte_sprache", "leichte-sprache"),
        ]
    }
    pages["kontakt"] = FeedbackFormPage.objects.get(slug="kontakt")
    return pages


@pytest.fixture
def feedback_page(legal_pages):
    return legal_pages["kontakt"]
