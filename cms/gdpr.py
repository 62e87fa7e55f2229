"""Personal data held by the cms app, for account deletion (``wagtail_hooks``)."""

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from wagtail.contrib.forms.models import FormSubmission

from participation.accounts.gdpr import addresses_of


def delete_feedback_of(user):
    """Feedback-form messages are not linked to an account; a message that carries one of the
    account's addresses (typed into any field, in any case) is the person's and goes with it.
    A message without the address cannot be told apart and goes after
    ``FEEDBACK_RETENTION_DAYS``."""
    addresses = addresses_of(user)
    if not addresses:
        return
    candidates = Q()
    for address in addresses:
        candidates |= Q(form_text__icontains=address)
    submissions = FormSubmission.objects.annotate(form_text=Cast("form_data", TextField()))
    theirs = [
        submission.pk
        for submission in submissions.filter(candidates)
        if any(
            isinstance(value, str) and value.strip().lower() in addresses
            for value in (submission.form_data or {}).values()
        )
    ]
    FormSubmission.objects.filter(pk__in=theirs).delete()
