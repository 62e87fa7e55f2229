import pytest


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
