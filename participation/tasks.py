"""Background tasks shared by every app (django-tasks)."""

from django.core.mail import EmailMultiAlternatives, get_connection
from django_tasks import task


@task()
def send_email(subject, body, to, from_email=None, html=None, headers=None):
    """Send one already-rendered message. Arguments are JSON-serialisable."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email,
        to=list(to),
        headers=headers or {},
        connection=get_connection(),
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
    return len(to)
