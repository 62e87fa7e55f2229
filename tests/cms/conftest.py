import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

import cms

CMS_CATALOG = Path(cms.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="session", autouse=True)
def _compiled_cms_translations():
    """English UI strings need the compiled catalogue (``*.mo`` files are not committed;
    ``make test`` compiles all of them). Compile the CMS one when it is missing or stale."""
    compiled = CMS_CATALOG.with_suffix(".mo")
    if not compiled.exists() or compiled.stat().st_mtime < CMS_CATALOG.stat().st_mtime:
        msgfmt = shutil.which("msgfmt")
        if msgfmt is None:
            pytest.fail("msgfmt (GNU gettext) is needed to compile the English catalogue.")
        subprocess.run([msgfmt, "--check", "-o", str(compiled), str(CMS_CATALOG)], check=True)
        from django.utils.translation import trans_real

        trans_real._translations = {}
        trans_real._default = None


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
