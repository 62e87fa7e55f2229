from django.conf import settings

from .languages import language_form_next


def portal(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "SITE_NAME": "Mitwirken",
        "language_next": language_form_next(request),
    }
