"""Upgrading a database from the ``*_en`` fields: the English text becomes a translation."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cms", "0003_english_locale")]
AFTER = [("cms", "0005_remove_english_fields")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_english_intro_becomes_a_live_english_home_page(client):
    apps = migrate(BEFORE)
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("cms", "HomePage")
    Locale = apps.get_model("wagtailcore", "Locale")
    Site = apps.get_model("wagtailcore", "Site")
    ContentType = apps.get_model("contenttypes", "ContentType")
    root = Page.objects.get(depth=1)
    german = HomePage.objects.create(
        path=root.path + "0009",
        depth=2,
        numchild=0,
        title="Mitwirken",
        draft_title="Mitwirken",
        slug="start",
        url_path="/start/",
        content_type=ContentType.objects.get_or_create(app_label="cms", model="homepage")[0],
        live=True,
        locale=Locale.objects.get(language_code="de"),
        intro_heading="Gestalten Sie mit",
        intro="Deutsch",
        intro_heading_en="Help shape it",
        intro_en="English",
    )
    Page.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
    Site.objects.update(root_page=german, is_default_site=True)

    migrate(AFTER)

    from cms.models import HomePage as CurrentHomePage

    english = CurrentHomePage.objects.get(
        translation_key=german.translation_key, locale__language_code="en"
    )
    assert (english.intro_heading, english.intro, english.slug, english.live) == (
        "Help shape it",
        "English",
        "start-en",
        True,
    )
    assert CurrentHomePage.objects.get(pk=german.pk).intro_heading == "Gestalten Sie mit"
    assert '<h1 id="home-heading">Help shape it</h1>' in client.get("/en/").content.decode()
    assert '<h1 id="home-heading">Gestalten Sie mit</h1>' in client.get("/").content.decode()
