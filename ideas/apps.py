from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from participation.accounts.gdpr import register_deletion, register_export

        from . import gdpr

        register_export(gdpr.export_ideas)
        register_deletion(gdpr.delete_idea_data)
