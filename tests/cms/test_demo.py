"""load_demo_content: in order, idempotent, skips only modules that do not exist."""

import sys
import types

import pytest
from django.core.management import call_command
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page, Revision, Site

from cms.management.commands import load_demo_content
from cms.models import FeedbackFormField, HomePage, LegalLinks


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "sites": Site.objects.count(),
        "legal_links": LegalLinks.objects.count(),
        "form_fields": FeedbackFormField.objects.count(),
        "submissions": FormSubmission.objects.count(),
    }


@pytest.mark.django_db
def test_loading_twice_creates_no_duplicates(client):
    call_command("load_demo_content", verbosity=0)
    client.post("/kontakt/", {"nachricht": "Hallo Redaktion"})
    first = counts()
    assert first["submissions"] == 1

    call_command("load_demo_content", verbosity=0)

    assert counts() == first
    assert HomePage.objects.count() == 1


@pytest.mark.django_db
def test_second_run_keeps_an_editors_changes(demo_content):
    home = HomePage.objects.get()
    home.intro_heading = "Von der Redaktion geändert"
    home.save_revision().publish()
    links = LegalLinks.objects.get()
    links.copyright_holder = "Stadt Beispielstadt"
    links.save()

    call_command("load_demo_content", verbosity=0)

    assert HomePage.objects.get().intro_heading == "Von der Redaktion geändert"
    assert LegalLinks.objects.get().copyright_holder == "Stadt Beispielstadt"


@pytest.mark.django_db
def test_default_site_points_at_the_home_page(demo_content, settings):
    site = Site.objects.get(is_default_site=True)

    assert site.root_page.specific_class is HomePage
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)  # from settings.SITE_URL
    links = LegalLinks.for_site(site)
    assert [
        links.impressum.slug,
        links.datenschutz.slug,
        links.barrierefreiheit.slug,
        links.leichte_sprache.slug,
        links.kontakt.slug,
    ] == ["impressum", "datenschutz", "barrierefreiheit", "leichte-sprache", "kontakt"]


@pytest.mark.django_db
def test_site_hostname_and_port_follow_site_url(settings):
    settings.SITE_URL = "https://mitwirken.wuppertal.example"
    call_command("load_demo_content", verbosity=0)

    site = Site.objects.get(is_default_site=True)

    assert (site.hostname, site.port) == ("mitwirken.wuppertal.example", 443)
    assert Site.objects.count() == 1


@pytest.mark.django_db
def test_demo_refuses_to_replace_a_home_slug_page_with_content():
    root = Page.get_first_root_node()
    welcome = root.get_children().get(slug="home")
    welcome.add_child(instance=Page(title="Wichtige Seite", slug="wichtig"))

    with pytest.raises(RuntimeError, match="slug 'home'"):
        call_command("load_demo_content", verbosity=0)

    assert Page.objects.filter(slug="wichtig").exists()


@pytest.fixture
def fake_modules(monkeypatch):
    """Replace the module list with fakes that record the order they ran in."""
    calls = []

    def module(name, load):
        fake = types.ModuleType(name)
        fake.load = load
        monkeypatch.setitem(sys.modules, name, fake)
        return name

    monkeypatch.setattr(
        load_demo_content,
        "DEMO_MODULES",
        [
            module("demo_fake_one", lambda: calls.append("one") or "eins"),
            "demo_package_that_does_not_exist.demo",
            module("demo_fake_two", lambda: calls.append("two")),
        ],
    )
    return calls


@pytest.mark.django_db
def test_command_runs_modules_in_order_and_skips_missing_ones(fake_modules, capsys):
    call_command("load_demo_content")

    assert fake_modules == ["one", "two"]
    out = capsys.readouterr().out
    assert "demo_fake_one: eins" in out
    assert "demo_fake_two: geladen" in out


@pytest.mark.django_db
def test_command_propagates_a_broken_import_inside_a_demo_module(monkeypatch, tmp_path):
    (tmp_path / "demo_broken.py").write_text("import module_that_is_missing_42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(load_demo_content, "DEMO_MODULES", ["demo_broken"])

    with pytest.raises(ModuleNotFoundError, match="module_that_is_missing_42"):
        call_command("load_demo_content", verbosity=0)


@pytest.mark.django_db
def test_command_rolls_back_a_module_that_fails(monkeypatch):
    def load():
        Page.get_first_root_node().add_child(instance=Page(title="Halb fertig", slug="halb"))
        raise ValueError("kaputt")

    fake = types.ModuleType("demo_failing")
    fake.load = load
    monkeypatch.setitem(sys.modules, "demo_failing", fake)
    monkeypatch.setattr(load_demo_content, "DEMO_MODULES", ["demo_failing"])

    with pytest.raises(ValueError, match="kaputt"):
        call_command("load_demo_content", verbosity=0)

    assert not Page.objects.filter(slug="halb").exists()


@pytest.mark.django_db
def test_demo_loading_sends_no_mail_and_leaves_the_mail_backend_alone(settings, mailoutbox):
    from django.core import mail
    from django.core.management import call_command

    backend = settings.EMAIL_BACKEND
    call_command("load_demo_content", verbosity=0)
    assert backend == settings.EMAIL_BACKEND
    mail.send_mail("Test", "Text", None, ["a@example.org"])
    assert [m.subject for m in mail.outbox] == ["Test"]
