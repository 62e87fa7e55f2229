"""The CMS's part of the home page (how participation works, shown first), its daily job and
its part of the account export and deletion."""

from wagtail import hooks

from participation.accounts.gdpr import USER_DATA_DELETION, USER_DATA_EXPORT
from participation.jobs import DAILY_JOBS
from participation.sections import HOME_PAGE_SECTIONS, Section

from . import gdpr, retention


@hooks.register(HOME_PAGE_SECTIONS)
def how_it_works_section(request):
    return Section("cms/includes/home_how_it_works.html", order=10)


hooks.register(DAILY_JOBS, retention.delete_old_feedback)
hooks.register(USER_DATA_DELETION, gdpr.delete_feedback_of)
hooks.register(USER_DATA_EXPORT, gdpr.export_feedback)
