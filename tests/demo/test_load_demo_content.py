"""load_demo_content: every loader in order, each in its own transaction, idempotent."""

import types

import pytest
from django.core.management import call_command
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page, Revision, Site

from cms.models import FeedbackFormField, HomePage, LegalLinks
from demo.management.commands import load_demo_content


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """The demo ideas come with generated images: keep them out of the project's media/."""
    settings.MEDIA_ROOT = tmp_path


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
    assert HomePage.objects.filter(locale__language_code="de").count() == 1
    assert HomePage.objects.filter(locale__language_code="en").count() == 1


@pytest.mark.django_db
def test_second_run_keeps_an_editors_changes(demo_content):
    home = HomePage.objects.get(locale__language_code="de")
    home.intro_heading = "Von der Redaktion geändert"
    home.save_revision().publish()
    links = LegalLinks.objects.get()
    links.copyright_holder = "Stadt Beispielstadt"
    links.save()

    call_command("load_demo_content", verbosity=0)

    assert HomePage.objects.get(locale__language_code="de").intro_heading == (
        "Von der Redaktion geändert"
    )
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


def fake_loader(name, load):
    """A stand-in for a ``demo.*`` module: something with a name and a ``load()``."""
    return types.SimpleNamespace(__name__=name, load=load)


@pytest.mark.django_db
def test_command_runs_the_loaders_in_order_and_reports_each(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(
        load_demo_content,
        "LOADERS",
        [
            fake_loader("demo.eins", lambda: calls.append("one") or "eins"),
            fake_loader("demo.zwei", lambda: calls.append("two")),
        ],
    )

    call_command("load_demo_content")

    assert calls == ["one", "two"]
    out = capsys.readouterr().out
    assert "demo.eins: eins" in out
    assert "demo.zwei: geladen" in out


def test_the_command_loads_every_demo_module_in_dependency_order():
    names = [module.__name__ for module in load_demo_content.LOADERS]

    assert names == [
        "demo.accounts",
        "demo.pages",
        "demo.ideas",
        "demo.university",
        "demo.comments",
        "demo.pilots",
    ]


@pytest.mark.django_db
def test_command_rolls_back_a_loader_that_fails_and_stops(monkeypatch):
    def load():
        Page.get_first_root_node().add_child(instance=Page(title="Halb fertig", slug="halb"))
        raise ValueError("kaputt")

    after = []
    monkeypatch.setattr(
        load_demo_content,
        "LOADERS",
        [fake_loader("demo.kaputt", load), fake_loader("demo.danach", lambda: after.append(1))],
    )

    with pytest.raises(ValueError, match="kaputt"):
        call_command("load_demo_content", verbosity=0)

    assert not Page.objects.filter(slug="halb").exists()
    assert after == []


@pytest.mark.django_db
def test_command_propagates_an_error_inside_a_loader(monkeypatch):
    def load():
        import module_that_is_missing_42  # noqa: F401

    monkeypatch.setattr(load_demo_content, "LOADERS", [fake_loader("demo.kaputt", load)])

    with pytest.raises(ModuleNotFoundError, match="module_that_is_missing_42"):
        call_command("load_demo_content", verbosity=0)


@pytest.mark.django_db
def test_demo_loading_sends_no_mail_and_leaves_the_mail_backend_alone(settings, mailoutbox):
    from django.core import mail

    backend = settings.EMAIL_BACKEND
    call_command("load_demo_content", verbosity=0)
    assert backend == settings.EMAIL_BACKEND
    mail.send_mail("Test", "Text", None, ["a@example.org"])
    assert [m.subject for m in mail.outbox] == ["Test"]
