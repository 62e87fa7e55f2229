"""Pilot pages in two languages: the German page holds the facts, a translation the words.

An editor makes the English page with Wagtail's "Translate" (simple_translation copies the
German page with its milestones, news, partners, data sets and KPIs into the English tree)
and translates titles and texts there. What is a fact, the same in every language, stays
the German page's: after each publish of either page its facts are copied onto the other
language's page (``sync_pilot_facts``), so status, dates, budget, progress, measurements and
the milestones' dates and states never differ between the languages. See ``docs/pilots.md``.

Children are matched by position (``sort_order``, kept by the copy): a milestone, news item,
partner or data set the German page gained is added to the translation in German, until an
editor translates it; one the German page lost goes from the translation too.
"""

from django.db import transaction
from wagtail.blocks import StreamValue

from participation.page_locales import is_default_locale

from .models import PilotDataset, PilotMilestone, PilotPage, PilotPartner, PilotUpdate

#: Page fields that are facts: the translation takes them from the German page.
PAGE_FACTS = (
    "idea_id",
    "topic_id",
    "district_id",
    "budget_planned",
    "budget_spent",
    "start_date",
    "end_date",
    "pilot_status",
    "progress_override",
    "evaluation_decision",
)
#: Per child model: (facts, texts). Texts are copied only onto a child the translation lacks.
CHILD_FACTS = {
    PilotMilestone: (("planned_date", "done_date", "status"), ("title", "description")),
    PilotUpdate: (("date", "image_id"), ("title", "text")),
    PilotPartner: (("kind", "url"), ("name",)),
    PilotDataset: (("kind", "url"), ("title", "description")),
}
#: KPI values that are facts (name and unit are words: translated).
KPI_FACTS = ("baseline", "target", "measurements")


def translations_of(page):
    """The other language versions of a German pilot page."""
    return PilotPage.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk)


def _sync_children(model, source, target):
    facts, texts = CHILD_FACTS[model]
    theirs = list(model.objects.filter(page=source).order_by("sort_order", "pk"))
    ours = list(model.objects.filter(page=target).order_by("sort_order", "pk"))
    for position, original in enumerate(theirs):
        values = {name: getattr(original, name) for name in facts}
        values["sort_order"] = original.sort_order
        if position < len(ours):
            model.objects.filter(pk=ours[position].pk).update(**values)
        else:
            values.update({name: getattr(original, name) for name in texts})
            model.objects.create(page=target, **values)
    extra = [child.pk for child in ours[len(theirs) :]]
    if extra:
        model.objects.filter(pk__in=extra).delete()


def _sync_kpis(source, target):
    """KPIs by position: the German numbers, the translation's name and unit."""
    ours = list(target.kpis.raw_data)
    blocks = []
    for position, block in enumerate(source.kpis.raw_data):
        if position < len(ours) and ours[position].get("type") == block.get("type"):
            value = dict(ours[position]["value"])
            value.update({name: block["value"].get(name) for name in KPI_FACTS})
            blocks.append({**ours[position], "value": value})
        else:
            blocks.append(block)
    if blocks != ours:
        target.kpis = StreamValue(target.kpis.stream_block, blocks, is_lazy=True)
        PilotPage.objects.filter(pk=target.pk).update(kpis=target.kpis)


def sync_pilot_facts(source, target):
    """Copy the facts of the German pilot ``source`` onto its translation ``target`` (the
    page row and its children, which is what visitors see)."""
    facts = {name: getattr(source, name) for name in PAGE_FACTS}
    PilotPage.objects.filter(pk=target.pk).update(**facts)
    for name, value in facts.items():
        setattr(target, name, value)
    for model in CHILD_FACTS:
        _sync_children(model, source, target)
    _sync_kpis(source, target)


def on_pilot_published(page):
    """After a publish: a German page passes its facts to its translations; a translation
    takes them from its German page (its revision may hold older ones)."""
    with transaction.atomic():
        if is_default_locale(page):
            for translated in translations_of(page):
                sync_pilot_facts(page, translated)
            return
        source = page.source_pilot
        if source.pk != page.pk:
            sync_pilot_facts(source, page)
