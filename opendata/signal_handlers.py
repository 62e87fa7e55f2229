"""Ideas changed: rebuild the download files (``opendata.exports``), once, after commit.

Connected in ``OpenDataConfig.ready``. An idea that is saved while not public (hidden, merged,
back to "submitted") or deleted may be in the files: they are marked stale at once, and the
downloads stream until the rebuild starts. A new idea that is not public yet changes nothing.
"""

from django.db.models.signals import post_delete, post_save

from ideas.models import District, Idea, OfficialAnswer, Topic
from ideas.signals import ideas_merged, threshold_reached

from . import exports


def idea_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    if instance.is_public:
        exports.changed(removal=False)
    elif not created:
        exports.changed(removal=True)


def idea_deleted(sender, instance, **kwargs):
    exports.changed(removal=True)


def answer_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        exports.changed(removal=False)


def answer_deleted(sender, instance, **kwargs):
    exports.changed(removal=True)


def names_changed(sender, instance, raw=False, **kwargs):
    """Topic and district names are in every row."""
    if not raw:
        exports.changed(removal=False)


def counts_changed(sender, **kwargs):
    """``threshold_reached`` and ``ideas_merged``: status or counts changed by UPDATE."""
    exports.changed(removal=False)


def connect():
    post_save.connect(idea_saved, sender=Idea, dispatch_uid="opendata_idea_saved")
    post_delete.connect(idea_deleted, sender=Idea, dispatch_uid="opendata_idea_deleted")
    post_save.connect(answer_saved, sender=OfficialAnswer, dispatch_uid="opendata_answer_saved")
    post_delete.connect(
        answer_deleted, sender=OfficialAnswer, dispatch_uid="opendata_answer_deleted"
    )
    for model in (Topic, District):
        post_save.connect(
            names_changed, sender=model, dispatch_uid=f"opendata_{model.__name__}_saved"
        )
    threshold_reached.connect(counts_changed, dispatch_uid="opendata_threshold_reached")
    ideas_merged.connect(counts_changed, dispatch_uid="opendata_ideas_merged")
