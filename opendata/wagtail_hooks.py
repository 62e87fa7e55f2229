from wagtail import hooks

from participation.jobs import DAILY_JOBS

from . import exports

# Support and comment counts change by UPDATE, without a signal: the files follow daily.
hooks.register(DAILY_JOBS, exports.daily_rebuild)
