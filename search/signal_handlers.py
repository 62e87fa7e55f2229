"""Keep the search in step with ideas and pages.

Every change makes the kept matches of earlier searches unused (``service.index_changed``), in
both modes. In Elasticsearch mode it also enqueues a task after the transaction commits, never
inside it: a rolled-back change indexes nothing, and a slow search engine never holds a
database transaction open. In database mode Wagtail's own index (updated by Wagtail) is all
there is.
"""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from ideas.models import Idea
from ideas.signals import ideas_merged, threshold_reached

from . import service, tasks


def _enqueue(task, source, pk):
    service.index_changed()
    if settings.ELASTICSEARCH_URL:
        transaction.on_commit(partial(task.enqueue, source, pk))


def idea_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _enqueue(tasks.update_search_document, "idea", instance.pk)


def idea_deleted(sender, instance, **kwargs):
    _enqueue(tasks.remove_search_document, "idea", instance.pk)


def idea_reached_threshold(sender, idea, **kwargs):
    """``ideas.services.reach_threshold`` changes the status with an UPDATE (no post_save)."""
    _enqueue(tasks.update_search_document, "idea", idea.pk)


def ideas_were_merged(sender, source, target, **kwargs):
    """The target's counts changed by UPDATE (the source, saved, leaves through post_save)."""
    _enqueue(tasks.update_search_document, "idea", target.pk)


def page_changed(sender, instance, **kwargs):
    """Published or unpublished: the task indexes or removes it by its live state."""
    _enqueue(tasks.update_search_document, "page", instance.pk)


def page_deleted(sender, instance, **kwargs):
    _enqueue(tasks.remove_search_document, "page", instance.pk)


def connect():
    post_save.connect(idea_saved, sender=Idea, dispatch_uid="portal_search_idea_saved")
    post_delete.connect(idea_deleted, sender=Idea, dispatch_uid="portal_search_idea_deleted")
    page_published.connect(page_changed, dispatch_uid="portal_search_page_published")
    page_unpublished.connect(page_changed, dispatch_uid="portal_search_page_unpublished")
    # Deleting a page of any type also deletes its row in wagtailcore_page (sender Page).
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="portal_search_page_deleted")
    threshold_reached.connect(idea_reached_threshold, dispatch_uid="portal_search_threshold")
    ideas_merged.connect(ideas_were_merged, dispatch_uid="portal_search_ideas_merged")
