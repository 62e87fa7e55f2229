"""The CMS's part of the home page: how participation works (shown first)."""

from wagtail import hooks

from participation.jobs import DAILY_JOBS
from participation.sections import HOME_PAGE_SECTIONS, Section

from . import retention


@hooks.register(HOME_PAGE_SECTIONS)
def how_it_works_section(request):
    return Section("cms/includes/home_how_it_works.html", order=10)


hooks.register(DAILY_JOBS, retention.delete_old_feedback)
