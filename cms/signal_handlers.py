"""Where cms reacts to editors' changes: the copies every page shows are refreshed.

Connected in ``CmsConfig.ready``. Pages (publish, unpublish, move, delete: the footer's legal
links and the language switch follow them), their view restrictions, sites, locales, images (the logo) and the two
settings of this app feed :mod:`participation.constants`; any save or delete of one of them
makes every process forget its copies.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from participation import constants

from .models import LegalLinks, PortalIdentity

WATCHED = (Page, PageViewRestriction, Site, Locale, AbstractImage, LegalLinks, PortalIdentity)


def model_changed_handler(sender, instance, **kwargs):
    if isinstance(instance, WATCHED):
        constants.changed()


def page_changed_handler(sender, instance=None, **kwargs):
    constants.changed()


def connect():
    post_save.connect(model_changed_handler, dispatch_uid="cms-constants-save")
    post_delete.connect(model_changed_handler, dispatch_uid="cms-constants-delete")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_changed_handler, dispatch_uid=f"cms-constants-{id(signal)}")
