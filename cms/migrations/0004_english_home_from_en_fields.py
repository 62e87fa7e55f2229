"""Move the English introduction of each home page into an English translation.

Until now ``HomePage.intro_heading_en`` and ``intro_en`` held the English text on the German
page. Each German home page with English text gets an English translation (a sibling under
the tree's root, slug ``<slug>-en`` as Wagtail's "Translate" gives it, live when the German
page is) that carries it; a home page already translated keeps its translation. The next
migration removes the two fields.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, migrations, transaction
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _step(number):
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def _next_child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
    return parent.path + _step(number)


def _free_slug(Page, parent, slug):
    siblings = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    candidate, number = slug, 1
    while siblings.filter(slug=candidate).exists():
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


def move_english_intro(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("cms", "HomePage")
    ContentType = apps.get_model("contenttypes", "ContentType")

    english, _created = Locale.objects.get_or_create(language_code="en")
    german = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    content_type, _created = ContentType.objects.get_or_create(app_label="cms", model="homepage")
    homes = HomePage.objects.exclude(intro_heading_en="", intro_en="")
    if german is not None:
        homes = homes.filter(locale=german)
    created = False
    for home in homes.order_by("path"):
        if Page.objects.filter(translation_key=home.translation_key, locale=english).exists():
            continue
        parent = Page.objects.get(path=home.path[:-STEPLEN])
        slug = _free_slug(Page, parent, f"{home.slug}-en")
        now = timezone.now()
        HomePage.objects.create(
            path=_next_child_path(Page, parent),
            depth=home.depth,
            numchild=0,
            title=home.title,
            draft_title=home.title,
            slug=slug,
            url_path=f"{parent.url_path}{slug}/",
            content_type=content_type,
            live=home.live,
            has_unpublished_changes=not home.live,
            first_published_at=now if home.live else None,
            last_published_at=now if home.live else None,
            owner_id=home.owner_id,
            seo_title=home.seo_title,
            search_description=home.search_description,
            show_in_menus=home.show_in_menus,
            locale=english,
            translation_key=home.translation_key,
            intro_heading=home.intro_heading_en or home.intro_heading,
            intro=home.intro_en or home.intro,
        )
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
        created = True
    if created:
        # Wagtail caches where each site's trees start (the database cache's table may not
        # exist yet: a savepoint keeps the migration's transaction usable).
        try:
            with transaction.atomic():
                cache.delete("wagtail_site_root_paths", version=2)
        except DatabaseError:
            pass


def restore_english_intro(apps, schema_editor):
    HomePage = apps.get_model("cms", "HomePage")
    for home in HomePage.objects.exclude(locale__language_code="en"):
        english = HomePage.objects.filter(
            translation_key=home.translation_key, locale__language_code="en"
        ).first()
        if english is not None:
            home.intro_heading_en, home.intro_en = english.intro_heading, english.intro
            home.save(update_fields=["intro_heading_en", "intro_en"])


class Migration(migrations.Migration):
    dependencies = [("cms", "0003_english_locale")]

    operations = [migrations.RunPython(move_english_intro, restore_english_intro)]
