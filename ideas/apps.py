from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from participation.accounts.gdpr import register_deletion, register_export

        from . import comments, gdpr, research  # noqa: F401 - signal receivers, export hooks

        register_export(gdpr.export_ideas)
        register_deletion(gdpr.delete_idea_data)

        from cms import home as cms_home

        from .home import home_ideas_context

        cms_home.register(
            "ideas",
            template="ideas/includes/home_ideas.html",
            get_context=home_ideas_context,
            order=20,
        )
