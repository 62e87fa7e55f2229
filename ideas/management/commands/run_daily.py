from django.core.management.base import BaseCommand

from ideas import notifications, services
from participation.accounts import roles
from participation.jobs import run_daily_jobs


class Command(BaseCommand):
    help = (
        "Daily jobs: mark ideas whose collection period ended, refresh 'trending', "
        "send daily and weekly digests and overdue coalesced mails, delete images of proposals "
        "not published within a day and what the retention periods end (every app's DAILY_JOBS), let researcher roles lapse that were not renewed. "
        "Run once a day (cron or systemd timer)."
    )

    def handle(self, *args, **options):
        expired = services.expire_ideas()
        trending = services.refresh_recent_supports()
        digests = notifications.send_daily_digests.enqueue()
        overdue = notifications.send_due_mails()
        images = services.expire_pending_images()
        lapsed = roles.lapse_researcher_roles()
        retention = " ".join(f"{name}={count}" for name, count in run_daily_jobs().items())
        self.stdout.write(
            f"expired={expired} trending_updated={trending} digest_task={digests.id} "
            f"researchers_lapsed={lapsed} overdue_mails={overdue} "
            f"pending_images_deleted={images} {retention}"
        )
