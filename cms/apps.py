from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
