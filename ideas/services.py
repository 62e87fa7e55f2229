"""Every state change of an idea happens here.

Services own transactions and locks and queue notifications after commit.
Views call them and translate their exceptions into friendly messages.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.accounts.models import user_can_participate
from reports import services as reports

from . import notifications, permissions, signals
from .models import (
    Follow,
    Idea,
    IdeaStatusChange,
    OfficialAnswer,
    ParticipationSettings,
    PendingImage,
    PendingNotification,
    Support,
)

Status = Idea.Status


class IdeaError(Exception):
    """A refused action. ``message`` is shown to the user."""

    default_message = _("Diese Aktion ist nicht möglich.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NotAllowed(IdeaError):
    default_message = _("Dazu sind Sie nicht berechtigt.")


class AlreadySupported(IdeaError):
    default_message = _("Sie unterstützen diese Idee bereits. Danke!")


class SupportClosed(IdeaError):
    default_message = _("Diese Idee sammelt keine Unterstützungen mehr.")


class TooManyPendingImages(IdeaError):
    default_message = _(
        "Sie haben schon %(count)s Bilder für Vorschläge zwischengespeichert, die noch nicht "
        "veröffentlicht sind. Bitte veröffentlichen Sie zuerst eine Idee oder versuchen Sie es "
        "morgen wieder; Ihre Eingaben bleiben erhalten."
    )

    def __init__(self, count):
        super().__init__(self.default_message % {"count": count})


class DailyLimitReached(IdeaError):
    default_message = _(
        "Sie haben heute schon die höchstmögliche Zahl an Ideen eingereicht. "
        "Bitte versuchen Sie es morgen wieder."
    )


class InvalidTransition(IdeaError):
    default_message = _("Dieser Statuswechsel ist nicht möglich.")


# Which status may follow which. Editors may also answer from any open status.
TRANSITIONS = {
    Status.SUBMITTED: {Status.PUBLISHED, Status.DECLINED, Status.WITHDRAWN},
    Status.PUBLISHED: {
        Status.THRESHOLD_REACHED,
        Status.IN_REVIEW,
        Status.DECLINED,
        Status.EXPIRED,
        Status.WITHDRAWN,
        Status.IMPLEMENTED,
    },
    Status.THRESHOLD_REACHED: {Status.IN_REVIEW, Status.PILOT, Status.DECLINED},
    Status.IN_REVIEW: {Status.PILOT, Status.DECLINED, Status.THRESHOLD_REACHED},
    Status.PILOT: {Status.IMPLEMENTED, Status.DECLINED},
    Status.EXPIRED: {Status.IN_REVIEW, Status.DECLINED, Status.PUBLISHED},
    Status.DECLINED: {Status.IN_REVIEW},
    Status.IMPLEMENTED: set(),
    Status.WITHDRAWN: set(),
    Status.MERGED: set(),
}


def participation_settings():
    return ParticipationSettings.load()


def current_threshold():
    return participation_settings().effective_threshold()


def make_reference(idea):
    year = (idea.created or timezone.now()).year
    return f"{settings.IDEA_REFERENCE_PREFIX}-{year}-{idea.pk:04d}"


def _record(idea, from_status, to_status, note="", by=None):
    return IdeaStatusChange.objects.create(
        idea=idea, from_status=from_status or "", to_status=to_status, note=note, changed_by=by
    )


# --- Images of proposals not published yet ------------------------------------------------

PENDING_IMAGE_HOURS = 24


def pending_images(user):
    """The account's images waiting for a proposal, newest first (expired ones excluded)."""
    since = timezone.now() - timedelta(hours=PENDING_IMAGE_HOURS)
    return PendingImage.objects.filter(user=user, created__gt=since).order_by("-created", "-pk")


def keep_pending_image(user, upload, *, replaces=None):
    """Store an accepted image of a proposal until it is published. ``replaces``: the image
    this one takes the place of (deleted). Refused with ``TooManyPendingImages`` once the
    account has ``PENDING_IMAGES_PER_ACCOUNT`` waiting; the count and the insert are atomic
    (the account row is locked)."""
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if replaces is not None:
            replaces.delete()
        waiting = pending_images(user).count()
        if waiting >= settings.PENDING_IMAGES_PER_ACCOUNT:
            raise TooManyPendingImages(waiting)
        image = PendingImage(user=user)
        image.file.save(upload.name, upload, save=False)
        image.save()
    return image


def delete_pending_images(queryset):
    """Delete the images and their files; returns how many."""
    deleted = 0
    for image in queryset:
        image.delete()
        deleted += 1
    return deleted


def delete_digests_of_blocked_accounts():
    """The daily job: what waits for a blocked account's digest or mail is never sent."""
    deleted, _rows = PendingNotification.objects.filter(user__is_active=False).delete()
    return {"notifications_of_blocked_accounts_deleted": deleted}


def _stored_idea_images(directory="ideas"):
    """Every file below ``ideas/`` in the media storage (the dated folders of ``Idea.image``),
    except the legacy ``ideas/pending/``."""
    try:
        directories, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return
    for filename in files:
        yield f"{directory}/{filename}"
    for sub in directories:
        if f"{directory}/{sub}" != "ideas/pending":
            yield from _stored_idea_images(f"{directory}/{sub}")


def delete_orphaned_images(now=None):
    """The daily job: idea images no idea refers to any more (replaced, or of a deleted idea)
    go once they are a day old."""
    cutoff = (now or timezone.now()) - timedelta(days=1)
    in_use = set(Idea.objects.exclude(image="").values_list("image", flat=True))
    deleted = 0
    for name in list(_stored_idea_images()):
        if name in in_use or default_storage.get_modified_time(name) > cutoff:
            continue
        default_storage.delete(name)
        deleted += 1
    return {"orphaned_images_deleted": deleted}


def expire_pending_images(now=None):
    """The daily job: images of proposals never published go after a day."""
    cutoff = (now or timezone.now()) - timedelta(hours=PENDING_IMAGE_HOURS)
    return delete_pending_images(PendingImage.objects.filter(created__lte=cutoff))


def ideas_created_today(user):
    since = timezone.now() - timedelta(days=1)
    return Idea.objects.filter(author=user, created__gte=since).count()


@transaction.atomic
def create_idea(
    author,
    *,
    title,
    text,
    topic,
    district,
    summary_easy="",
    place="",
    image=None,
    image_alt="",
    call=None,
):
    """Create and publish (or submit for pre-moderation) a resident's idea.

    ``call`` is an open ``CallForUseCasesPage`` the idea answers (optional).
    """
    if not permissions.can_propose(author):
        raise NotAllowed(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
    if call is not None and not (call.live and call.is_open):
        raise IdeaError(_("Dieser Aufruf nimmt keine Ideen mehr an."))
    # Serialise one author's submissions so the daily limit holds under concurrency.
    get_user_model().objects.select_for_update().filter(pk=author.pk).first()
    if ideas_created_today(author) >= settings.IDEAS_PER_DAY:
        raise DailyLimitReached()
    now = timezone.now()
    rules = participation_settings()
    status = Status.SUBMITTED if settings.IDEA_PREMODERATION else Status.PUBLISHED
    idea = Idea(
        title=title.strip(),
        text=text.strip(),
        summary_easy=summary_easy.strip(),
        topic=topic,
        district=district,
        place=place.strip(),
        image_alt=image_alt.strip(),
        author=author,
        status=status,
        created=now,
        call=call,
    )
    if status == Status.PUBLISHED:
        idea.published_at = now
        idea.collection_ends_at = now + timedelta(days=rules.collection_days)
    if image:
        idea.image.save(image.name, image, save=False)
    idea.save()
    idea.reference = make_reference(idea)
    idea.save(update_fields=["reference"])
    _record(idea, "", status, by=author)
    Follow.objects.get_or_create(idea=idea, user=author)
    notifications.notify_editors_new_idea(idea)
    return idea


@transaction.atomic
def update_idea(user, idea, **fields):
    """Authors edit until the first support; editors always. Status and counters are not fields."""
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    if not permissions.can_edit(user, locked):
        raise NotAllowed(
            _("Ideen mit Unterstützungen können nur noch von der Redaktion geändert werden.")
        )
    allowed = {"title", "text", "summary_easy", "topic", "district", "place", "image_alt"}
    for name, value in fields.items():
        if name == "image":
            if value:
                replaced = locked.image.name
                locked.image.save(value.name, value, save=False)
                if replaced:
                    # The replaced file goes once the new one is committed.
                    transaction.on_commit(partial(default_storage.delete, replaced))
            continue
        if name == "remove_image":
            if value and locked.image:
                locked.image.delete(save=False)
                locked.image = ""
                locked.image_alt = ""
            continue
        if name not in allowed:
            raise ValueError(f"{name} cannot be changed here")
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.save()
    return locked


def _lock(idea):
    return Idea.objects.select_for_update().get(pk=idea.pk)


class _MergedAway(Exception):
    """The locked idea was merged into another: retry there, after releasing this lock."""

    def __init__(self, target_id):
        self.target_id = target_id
        super().__init__(target_id)


def _lock_unmerged(idea):
    """Lock ``idea``; if it has been merged, roll back and let the caller retry on its target.

    Releasing the merged idea's lock before taking the target's keeps the lock order of
    ``merge_ideas`` (both rows by id): a support never holds one idea while waiting for another.
    """
    locked = _lock(idea)
    if locked.status == Status.MERGED and locked.merged_into_id:
        raise _MergedAway(locked.merged_into_id)
    return locked


def _on_unmerged(action, idea, *args):
    """Run ``action(idea, *args)``; if ``idea`` was merged, on the idea it was merged into.

    ``idea.merged_into_id`` then names the idea that was acted on, so views can say so.
    """
    current = idea
    for _hop in range(MERGE_HOPS):
        try:
            return action(current, *args)
        except _MergedAway as merged:
            idea.merged_into_id = merged.target_id
            current = Idea.objects.get(pk=merged.target_id)
    raise SupportClosed()


MERGE_HOPS = 3


def support_idea(user, idea):
    """Add one support. Exactly one per person (database constraint); counter exact.

    A support for an idea that has been merged counts for the idea it was merged into.
    """
    if not user_can_participate(user):
        raise NotAllowed(_("Bitte melden Sie sich an und bestätigen Sie Ihre E-Mail-Adresse."))
    return _on_unmerged(_support_once, idea, user)


def _support_once(idea, user):
    crossed = False
    with transaction.atomic():
        locked = _lock_unmerged(idea)
        if locked.author_id == user.pk:
            raise NotAllowed(_("Sie können Ihre eigene Idee nicht unterstützen."))
        if not locked.is_collecting:
            raise SupportClosed()
        try:
            # No savepoint: a second support of the same person fails on the constraint and
            # ends the whole transaction (nothing else has been written in it yet).
            Support.objects.create(idea=locked, user=user)
        except IntegrityError:
            raise AlreadySupported() from None
        Idea.objects.filter(pk=locked.pk).update(
            support_count=F("support_count") + 1,
            recent_support_count=F("recent_support_count") + 1,
        )
        # The row is locked until the commit: its counter is the one read plus this support.
        locked.support_count += 1
        locked.recent_support_count += 1
        if user.follow_supported:
            # One INSERT … ON CONFLICT DO NOTHING: a follow the person has already stays as it is.
            Follow.objects.bulk_create(
                [Follow(idea=locked, user=user, origin=Follow.Origin.SUPPORT)],
                ignore_conflicts=True,
            )
        if locked.support_count >= current_threshold():
            crossed = reach_threshold(locked)
    idea.support_count = locked.support_count
    idea.status = locked.status
    return crossed


def withdraw_support(user, idea):
    """Withdraw one's support while the idea still collects (for a merged idea: its target)."""
    return _on_unmerged(_withdraw_once, idea, user)


def _withdraw_once(idea, user):
    with transaction.atomic():
        locked = _lock_unmerged(idea)
        if not locked.is_collecting:
            raise SupportClosed(
                _("Die Sammelphase ist beendet; Ihre Unterstützung bleibt gezählt.")
            )
        deleted, _rows = Support.objects.filter(idea=locked, user=user).delete()
        if not deleted:
            return False
        # The follow that supporting started ends with it; one the person chose stays.
        Follow.objects.filter(idea=locked, user=user, origin=Follow.Origin.SUPPORT).delete()
        Idea.objects.filter(pk=locked.pk).update(support_count=F("support_count") - 1)
        Idea.objects.filter(pk=locked.pk, recent_support_count__gt=0).update(
            recent_support_count=F("recent_support_count") - 1
        )
        locked.refresh_from_db(fields=["support_count"])
    idea.support_count = locked.support_count
    return True


def reach_threshold(idea):
    """Move a collecting idea to "threshold reached", exactly once.

    The conditional UPDATE is the guard: under concurrent supports only the
    transaction that still sees ``published`` changes the row. The pilot pipeline and
    the search index react to ``ideas.signals.threshold_reached``.
    """
    now = timezone.now()
    changed = Idea.objects.filter(pk=idea.pk, status=Status.PUBLISHED).update(
        status=Status.THRESHOLD_REACHED, threshold_reached_at=now
    )
    if not changed:
        return False
    idea.status = Status.THRESHOLD_REACHED
    idea.threshold_reached_at = now
    _record(idea, Status.PUBLISHED, Status.THRESHOLD_REACHED)
    notifications.notify_status_change(idea, Status.PUBLISHED, Status.THRESHOLD_REACHED)
    notifications.notify_editors_threshold(idea)
    signals.threshold_reached.send(sender=Idea, idea=idea)
    return True


@transaction.atomic
def change_status(idea, to_status, *, by=None, note="", force=False):
    """Change an idea's status along the lifecycle and tell its followers."""
    locked = _lock(idea)
    from_status = locked.status
    if from_status == to_status:
        return locked
    if not force and to_status not in TRANSITIONS.get(from_status, set()):
        raise InvalidTransition()
    if to_status == Status.DECLINED and not note.strip():
        raise IdeaError(_("Eine Ablehnung braucht eine öffentliche Begründung."))
    locked.status = to_status
    update = ["status", "updated"]
    if to_status == Status.DECLINED:
        locked.decline_reason = note.strip()
        update.append("decline_reason")
    if to_status == Status.PUBLISHED and (not locked.published_at or from_status == Status.EXPIRED):
        # First publication, or a new collection period for an expired idea.
        now = timezone.now()
        locked.published_at = locked.published_at or now
        locked.collection_ends_at = now + timedelta(days=participation_settings().collection_days)
        update += ["published_at", "collection_ends_at"]
    if to_status == Status.THRESHOLD_REACHED and not locked.threshold_reached_at:
        locked.threshold_reached_at = timezone.now()
        update.append("threshold_reached_at")
    locked.save(update_fields=update)
    _record(locked, from_status, to_status, note=note.strip(), by=by)
    notifications.notify_status_change(locked, from_status, to_status, note=note.strip())
    if to_status == Status.THRESHOLD_REACHED:
        # Set by hand (e.g. by editors): the pilot pipeline starts as for a crossed threshold.
        signals.threshold_reached.send(sender=Idea, idea=locked)
    idea.status = locked.status
    return locked


def withdraw_idea(user, idea):
    if not permissions.can_withdraw_idea(user, idea):
        raise NotAllowed()
    return change_status(idea, Status.WITHDRAWN, by=user, note="")


@transaction.atomic
def answer_idea(idea, editor, *, text, status=None, scores=None, status_note=""):
    """Editors publish (or update) the city's official answer, optionally with a status."""
    if not permissions.is_editor(editor):
        raise NotAllowed()
    answer, _created = OfficialAnswer.objects.update_or_create(
        idea=idea, defaults={"text": text.strip(), "answered_by": editor, **(scores or {})}
    )
    if status and status != idea.status:
        change_status(idea, status, by=editor, note=status_note or text)
    notifications.notify_answer(idea)
    return answer


def follow(user, idea):
    if not permissions.can_follow(user):
        raise NotAllowed()
    _obj, created = Follow.objects.get_or_create(idea=idea, user=user)
    if not created:
        # Following by choice: a follow started by supporting or commenting now stays.
        Follow.objects.filter(idea=idea, user=user).exclude(origin=Follow.Origin.EXPLICIT).update(
            origin=Follow.Origin.EXPLICIT
        )
    return created


def unfollow(user, idea):
    deleted, _rows = Follow.objects.filter(idea=idea, user=user).delete()
    return bool(deleted)


@transaction.atomic
def report_idea(user, idea, reason, note=""):
    """One report per person; enough open reports hide the idea pending review."""
    if not permissions.can_report(user, idea):
        raise NotAllowed()
    if not reports.file_report(user, idea, reason, note):
        return False
    locked = _lock(idea)
    open_reports = reports.open_report_count(locked)
    Idea.objects.filter(pk=locked.pk).update(report_count=open_reports)
    if not locked.hidden and open_reports >= settings.IDEA_REPORTS_TO_HIDE:
        hide_idea(
            locked,
            by=None,
            reason=str(_("Mehrfach gemeldet; die Redaktion prüft den Beitrag.")),
        )
    return True


@transaction.atomic
def hide_idea(idea, *, by, reason):
    locked = _lock(idea)
    if locked.hidden:
        return locked
    locked.hidden = True
    locked.hidden_reason = reason
    locked.save(update_fields=["hidden", "hidden_reason", "updated"])
    notifications.notify_hidden(locked)
    if by is None:
        notifications.notify_editors_reported(locked)
    idea.hidden = True
    return locked


@transaction.atomic
def restore_idea(idea, *, by):
    locked = _lock(idea)
    locked.hidden = False
    locked.hidden_reason = ""
    locked.report_count = 0
    locked.save(update_fields=["hidden", "hidden_reason", "report_count", "updated"])
    reports.resolve_reports(locked)
    notifications.notify_event(locked, "restored", {})
    idea.hidden = False
    return locked


def block_account(user, *, by):
    """Moderators block an account: it can no longer log in or take part."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def unblock_account(user, *, by):
    """Moderators unblock an account: it logs in and takes part again. Deleted accounts stay
    deleted."""
    if user.deleted_at:
        raise NotAllowed(_("Gelöschte Konten können nicht entsperrt werden."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


def expire_ideas(now=None):
    """Ideas whose collection period ended below the threshold are marked; authors hear."""
    now = now or timezone.now()
    expired = 0
    for idea in Idea.objects.filter(status=Status.PUBLISHED, collection_ends_at__lt=now):
        change_status(
            idea,
            Status.EXPIRED,
            note=str(
                _("Der Sammelzeitraum ist abgelaufen, ohne dass die Schwelle erreicht wurde.")
            ),
        )
        expired += 1
    return expired


def refresh_recent_supports(now=None):
    """Recompute "trending" (supports in the last 14 days) for ideas that changed recently."""
    now = now or timezone.now()
    since = now - timedelta(days=14)
    candidates = Idea.objects.filter(
        Q(recent_support_count__gt=0) | Q(supports__created__gte=since)
    ).distinct()
    updated = 0
    for row in candidates.annotate(
        recent=Count("supports", filter=Q(supports__created__gte=since))
    ).values("pk", "recent", "recent_support_count"):
        if row["recent"] != row["recent_support_count"]:
            Idea.objects.filter(pk=row["pk"]).update(recent_support_count=row["recent"])
            updated += 1
    return updated


# --- Merging duplicates ------------------------------------------------------------------

#: Ideas that can be merged into another: still collecting, or expired without a decision.
MERGEABLE_STATUSES = (Status.PUBLISHED, Status.EXPIRED)
#: Ideas that can take a merged duplicate: public and still open.
MERGE_TARGET_STATUSES = (Status.PUBLISHED, Status.THRESHOLD_REACHED, Status.IN_REVIEW, Status.PILOT)


class MergeRefused(IdeaError):
    default_message = _("Diese Ideen können nicht zusammengeführt werden.")


def merge_source_refusal(source):
    """Why ``source`` cannot be merged into any idea (a message), or None."""
    if source.status == Status.MERGED:
        if source.merged_into_id is None:
            return _("Diese Idee ist bereits mit einer anderen zusammengeführt.")
        return _(
            "Diese Idee ist bereits mit einer anderen zusammengeführt: „%(title)s“ (%(reference)s)."
        ) % {"title": source.merged_into.title, "reference": source.merged_into.reference}
    if source.hidden or source.status not in MERGEABLE_STATUSES:
        return _(
            "Nur sichtbare Ideen, die Unterstützung sammeln oder deren Sammelzeitraum "
            "abgelaufen ist, können in eine andere überführt werden."
        )
    return None


def merge_refusal(source, target):
    """Why ``source`` cannot be merged into ``target`` (a message), or None."""
    if refusal := merge_source_refusal(source):
        return refusal
    if target is None:
        return _("Bitte wählen Sie die Idee, mit der zusammengeführt werden soll.")
    if source.pk == target.pk:
        return _("Eine Idee kann nicht mit sich selbst zusammengeführt werden.")
    if target.status == Status.MERGED:
        return _(
            "Die gewählte Idee ist selbst schon zusammengeführt worden. Bitte wählen Sie die "
            "Idee, in die sie überführt wurde."
        )
    if target.hidden or target.status not in MERGE_TARGET_STATUSES:
        return _(
            "Die gewählte Idee ist nicht öffentlich oder nicht mehr offen (ausgeblendet, "
            "eingereicht, abgelehnt, umgesetzt oder zurückgezogen)."
        )
    return None


class MergePlan:
    """What merging ``source`` into ``target`` does, counted from the database."""

    def __init__(self, source, target):
        self.source = source
        self.target = target
        source_supports = Support.objects.filter(idea=source)
        target_users = Support.objects.filter(idea=target).values("user_id")
        self.supports = source_supports.count()
        self.counted_once = source_supports.filter(user_id__in=target_users).count()
        # The target's author cannot support their own idea: that support is dropped.
        self.dropped = (
            source_supports.filter(user_id=target.author_id)
            .exclude(user_id__in=target_users)
            .count()
        )
        self.moved = self.supports - self.counted_once - self.dropped
        source_follows = Follow.objects.filter(idea=source)
        self.follows = source_follows.count()
        self.follows_moved = source_follows.exclude(
            user_id__in=Follow.objects.filter(idea=target).values("user_id")
        ).count()
        self.support_count_after = target.support_count + self.moved


@transaction.atomic
def merge_ideas(source, target, *, by, note):
    """Merge the duplicate ``source`` into ``target``; returns the ``MergePlan`` carried out.

    Both rows are locked in id order, so a support racing the merge either lands on the
    source before it moves (and moves with it) or sees the merge and counts for the target
    (``support_idea``). A person who supported both counts once. Followers move (no double
    follow); the source redirects to the target; its author, supporters and followers hear.
    """
    if not permissions.is_editor(by):
        raise NotAllowed()
    note = (note or "").strip()
    if not note:
        raise MergeRefused(_("Bitte begründen Sie die Zusammenführung öffentlich."))
    if source.pk == target.pk:
        raise MergeRefused(merge_refusal(source, target))
    locked_ids = (source.pk, target.pk)
    locked = {pk: Idea.objects.select_for_update().get(pk=pk) for pk in sorted(locked_ids)}
    source, target = locked[source.pk], locked[target.pk]
    if refusal := merge_refusal(source, target):
        raise MergeRefused(refusal)
    plan = MergePlan(source, target)
    recipients = set(Support.objects.filter(idea=source).values_list("user_id", flat=True))
    recipients |= set(Follow.objects.filter(idea=source).values_list("user_id", flat=True))

    target_users = Support.objects.filter(idea=target).values("user_id")
    Support.objects.filter(idea=source, user_id__in=target_users).delete()
    Support.objects.filter(idea=source, user_id=target.author_id).delete()
    Support.objects.filter(idea=source).update(idea=target)
    follower_ids = Follow.objects.filter(idea=target).values("user_id")
    Follow.objects.filter(idea=source).exclude(user_id__in=follower_ids).update(idea=target)
    Follow.objects.filter(idea=source).delete()
    # Ideas merged into the source earlier now point at the target: no chains.
    Idea.objects.filter(merged_into=source).update(merged_into=target)

    now = timezone.now()
    since = now - timedelta(days=14)
    supports = Support.objects.filter(idea=target)
    Idea.objects.filter(pk=target.pk).update(
        support_count=supports.count(),
        recent_support_count=supports.filter(created__gte=since).count(),
    )
    target.refresh_from_db(fields=["support_count", "recent_support_count", "status"])

    from_status = source.status
    source.status = Status.MERGED
    source.merged_into = target
    source.merged_at = now
    source.merge_note = note
    source.support_count = source.recent_support_count = 0
    source.save(
        update_fields=[
            "status",
            "merged_into",
            "merged_at",
            "merge_note",
            "support_count",
            "recent_support_count",
            "updated",
        ]
    )
    _record(source, from_status, Status.MERGED, note=note, by=by)
    signals.ideas_merged.send(sender=Idea, source=source, target=target)
    notifications.notify_event(
        source,
        "merged",
        {
            "note": note,
            "target": target.title,
            "target_reference": target.reference or "",
            "target_url": settings.SITE_URL + target.get_absolute_url(),
        },
        also=recipients - {source.author_id},
    )
    if target.status == Status.PUBLISHED and target.support_count >= current_threshold():
        reach_threshold(target)
    return plan
