from wagtail import hooks

from participation.accounts.gdpr import USER_DATA_EXPORT

from .services import export_reports

hooks.register(USER_DATA_EXPORT, export_reports)
