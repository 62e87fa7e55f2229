"""Where ideas reacts to editors' changes outside its services.

Connected in ``IdeasConfig.ready``. The participation rules, topics and districts appear on
every idea page and list: saving or deleting one makes every process forget the copies kept
in :mod:`participation.constants`.
"""

from django.db.models.signals import post_delete, post_save

from participation import constants

from .models import District, ParticipationSettings, Topic


def rules_changed_handler(sender, instance, created=False, **kwargs):
    if created and sender is ParticipationSettings:
        # ``load()`` made the row with its defaults, which is what every copy already holds
        # (an editor's first save in the admin is an update of that row, and counts).
        return
    constants.changed()


def connect():
    for model in (ParticipationSettings, Topic, District):
        post_save.connect(
            rules_changed_handler,
            sender=model,
            dispatch_uid=f"ideas-constants-save-{model.__name__}",
        )
        post_delete.connect(
            rules_changed_handler,
            sender=model,
            dispatch_uid=f"ideas-constants-delete-{model.__name__}",
        )
