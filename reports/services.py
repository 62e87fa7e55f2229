"""Filing, counting and settling reports. Callers own the transaction and the object's lock."""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch

from .models import Report

Reason = Report.Reason


def file_report(user, target, reason, note=""):
    """Store one report of ``user`` on ``target``; False if they had reported it before.

    An unknown reason counts as "other". Safe inside an outer transaction (savepoint).
    """
    if reason not in Reason.values:
        reason = Reason.OTHER
    try:
        with transaction.atomic():
            Report.objects.create(
                target=target, reporter=user, reason=reason, note=(note or "").strip()
            )
    except IntegrityError:
        return False
    return True


def reports_on(target):
    return Report.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    )


def open_report_count(target):
    return reports_on(target).filter(resolved=False).count()


def has_open_reports(target):
    return reports_on(target).filter(resolved=False).exists()


def resolve_reports(target):
    """Settle the open reports on ``target`` (an editor decided). Returns how many."""
    return reports_on(target).filter(resolved=False).update(resolved=True)


def open_reports_exist(model, **filters):
    """``EXISTS`` open reports on the outer query's row (a ``model`` queryset)."""
    return Exists(
        Report.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            resolved=False,
            **filters,
        )
    )


def open_reports_prefetch(to_attr="open_reports"):
    """Prefetch the open reports of each row through its ``reports`` generic relation."""
    return Prefetch(
        "reports",
        queryset=Report.objects.filter(resolved=False).order_by("created", "id"),
        to_attr=to_attr,
    )


def export_reports(user):
    """The user's reports, for the data export."""
    return {
        "reports": [
            {
                "on": report.content_type.model,
                "object_id": report.object_id,
                "reason": report.reason,
                "note": report.note,
                "created": report.created,
                "resolved": report.resolved,
            }
            for report in Report.objects.filter(reporter=user)
            .select_related("content_type")
            .order_by("pk")
        ]
    }
