"""English translations of demo pages, made as an editor's "Translate" makes them.

``translate`` copies the German page into the English tree (Wagtail's
``copy_for_translation``, which also copies its milestones, news and other child objects),
puts the English text in and publishes it. An existing translation is left as it is, so a
second run changes nothing and an editor's edits survive.
"""

from wagtail.models import Locale


def english():
    locale, _created = Locale.objects.get_or_create(language_code="en")
    return locale


def translate(page, fields, created, children=None):
    """The live English translation of ``page`` with ``fields`` (title, slug, texts) and, per
    child relation in ``children``, the texts of its objects by position ({relation: [{field:
    value}, …]}; ``None`` for a value keeps the German one)."""
    locale = english()
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.draft_title = translated.title
    translated.save()
    for relation, texts in (children or {}).items():
        objects = getattr(translated, relation).order_by("sort_order", "pk")
        for child, values in zip(objects, texts, strict=False):
            for name, value in values.items():
                if value is not None:
                    setattr(child, name, value)
            child.save()
    # Fetched again: the copy's children in memory still hold the German texts.
    translated = type(translated).objects.get(pk=translated.pk)
    translated.save_revision().publish()
    created.append(translated.title)
    return translated
