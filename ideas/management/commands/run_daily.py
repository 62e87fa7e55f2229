from django.core.management.base import BaseCommand

from ideas import notifications, services


class Command(BaseCommand):
    help = (
        "Daily jobs: mark ideas whose collection period ended, refresh 'trending', "
        "send daily digests. Run once a day (cron or systemd timer)."
    )

    def handle(self, *args, **options):
        expired = services.expire_ideas()
        trending = services.refresh_recent_supports()
        digests = notifications.send_daily_digests.enqueue()
        self.stdout.write(f"expired={expired} trending_updated={trending} digest_task={digests.id}")
