from django.db import models


class RateLimitCounter(models.Model):
    """One fixed-window rate-limit counter, used when the cache is the database cache.

    The database cache's ``incr`` reads and then writes, so parallel requests lose counts;
    ``participation.ratelimit`` counts here with a single ``INSERT … ON CONFLICT DO UPDATE …
    RETURNING`` statement instead. ``key`` holds the hashed key and the window.
    """

    key = models.CharField(max_length=200, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "rate-limit counter"

    def __str__(self):
        return f"{self.key}: {self.hits}"
