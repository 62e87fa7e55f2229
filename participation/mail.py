"""Queue mails through django-tasks once the surrounding transaction commits."""

from functools import partial

from django.db import transaction

from .tasks import send_email


def queue_email(subject, body, to, from_email=None, html=None, headers=None):
    """Enqueue a rendered message after commit; nothing is sent for a rolled-back change."""
    if not to:
        return
    kwargs = {
        "subject": str(subject),
        "body": str(body),
        "to": [str(address) for address in to],
        "from_email": from_email,
        "html": str(html) if html else None,
        "headers": dict(headers or {}),
    }
    transaction.on_commit(partial(send_email.enqueue, **kwargs))


def queue_message(message):
    """Enqueue an ``EmailMessage`` built elsewhere (for example by allauth)."""
    html = None
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            html = content
    queue_email(
        subject=message.subject,
        body=message.body,
        to=message.to,
        from_email=message.from_email,
        html=html,
        headers=message.extra_headers,
    )
