"""Personal data held by the cms app, for the account export and deletion (``wagtail_hooks``)."""

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from wagtail.contrib.forms.models import FormSubmission

from participation.accounts.gdpr import addresses_of


def feedback_of(user):
    """Feedback-form messages are not linked to an account; a message that carries one of the
    account's addresses (typed into any field, in any case) is the person's. A message without
    the address cannot be told apart and goes after ``FEEDBACK_RETENTION_DAYS``."""
    addresses = addresses_of(user)
    if not addresses:
        return []
    candidates = Q()
    for address in addresses:
        candidates |= Q(form_text__icontains=address)
    submissions = (
        FormSubmission.objects.annotate(form_text=Cast("form_data", TextField()))
        .filter(candidates)
        .select_related("page")
        .order_by("submit_time", "pk")
    )
    return [
        submission
        for submission in submissions
        if any(
            isinstance(value, str) and value.strip().lower() in addresses
            for value in (submission.form_data or {}).values()
        )
    ]


def export_feedback(user):
    return {
        "feedback_messages": [
            {
                "form": submission.page.title,
                "sent": submission.submit_time,
                "fields": submission.form_data,
            }
            for submission in feedback_of(user)
        ]
    }


def delete_feedback_of(user):
    FormSubmission.objects.filter(pk__in=[s.pk for s in feedback_of(user)]).delete()
