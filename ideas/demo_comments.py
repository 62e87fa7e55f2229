"""Demo comments: short discussions with replies on a few demo ideas.

``load()`` is idempotent (a comment is keyed by its idea, author and text) and runs after
``ideas.demo.load()`` and ``participation.accounts.demo``. Like the other demo loaders it
writes rows directly: no mail, no rate limit. Some comments come from the demo researcher
(badge "Forschung · …"), one from the editor is marked as the city's official answer, and
``Idea.comment_count`` is recounted from the rows afterwards.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from participation.accounts.models import User

from . import comments
from .demo import EDITOR_LOGIN, RESEARCHER_LOGIN, RESIDENT_LOGIN, resident_email
from .models import Comment, Follow, Idea


@dataclass
class DemoComment:
    author: str  # an email address
    text: str
    hours_ago: int
    official: bool = False
    replies: list = field(default_factory=list)


def r(number):
    return resident_email(number)


THREADS = {
    "Parkleitsystem mit Sensoren für die Elberfelder Innenstadt": [
        DemoComment(
            r(3),
            "Gute Idee! Samstags kreisen wir oft zwanzig Minuten um den Laurentiusplatz. "
            "Wichtig wäre, dass auch die Parkhäuser ihre freien Plätze melden.",
            hours_ago=26 * 24,
            replies=[
                DemoComment(
                    RESEARCHER_LOGIN,
                    "Aus Auswertungen in anderen Städten: Parkleitsysteme senken den "
                    "Suchverkehr um 10 bis 30 Prozent, wenn die Parkhäuser eingebunden sind. "
                    "Wir sprechen gern mit den Betreibern über eine offene Schnittstelle.",
                    hours_ago=25 * 24,
                    replies=[
                        DemoComment(
                            r(3),
                            "Danke für die Zahlen! Schon 20 Prozent weniger Suchverkehr wären "
                            "in der Innenstadt eine echte Entlastung.",
                            hours_ago=24 * 24,
                        )
                    ],
                )
            ],
        ),
        DemoComment(
            r(7),
            "Bitte an die Datensparsamkeit denken: keine Kameras mit Kennzeichenerfassung, "
            "sondern einfache Belegungssensoren im Boden.",
            hours_ago=20 * 24,
            replies=[
                DemoComment(
                    EDITOR_LOGIN,
                    "Das Amt für Verkehr plant ausschließlich Bodensensoren ohne Kamera. Es "
                    "werden keine personenbezogenen Daten erfasst; die Belegung erscheint "
                    "als offene Daten im Datenportal der Stadt.",
                    hours_ago=19 * 24,
                    official=True,
                )
            ],
        ),
    ],
    "Wasserstandssensoren an der Wupper": [
        DemoComment(
            r(10),
            "Nach dem Hochwasser 2021 wäre das für uns in Beyenburg ein großer Gewinn.",
            hours_ago=15 * 24,
            replies=[
                DemoComment(
                    RESIDENT_LOGIN,
                    "Sehe ich genauso. Gibt es schon Vorschläge, wo die Sensoren hängen sollen?",
                    hours_ago=14 * 24,
                    replies=[
                        DemoComment(
                            RESEARCHER_LOGIN,
                            "Geeignet sind Brücken mit Stromanschluss, etwa an der Kluse und "
                            "in Beyenburg. Die Werte sollten mit den Pegeln des "
                            "Wupperverbands abgeglichen werden, damit keine Fehlalarme "
                            "entstehen.",
                            hours_ago=13 * 24,
                        )
                    ],
                )
            ],
        ),
        DemoComment(
            r(12),
            "Können die Messwerte auch als Warnung aufs Handy kommen, zum Beispiel über "
            "die Warn-App?",
            hours_ago=6 * 24,
        ),
    ],
    "Termine im Bürgerbüro online buchen": [
        DemoComment(
            r(15),
            "Endlich! Bitte auch mit einer Warteliste, falls kurzfristig Termine frei werden.",
            hours_ago=30 * 24,
            replies=[
                DemoComment(
                    r(5),
                    "Und bitte barrierefrei und in mehreren Sprachen.",
                    hours_ago=29 * 24,
                )
            ],
        ),
        DemoComment(
            RESEARCHER_LOGIN,
            "Wir haben an der Universität Nutzertests zur barrierefreien Terminbuchung "
            "gemacht und teilen die Ergebnisse gern mit dem Bürgerbüro.",
            hours_ago=28 * 24,
        ),
    ],
    "Freies WLAN in der Barmer Fußgängerzone": [
        DemoComment(
            r(18),
            "Wäre praktisch für Besucherinnen und Besucher und für alle mit wenig Datenvolumen.",
            hours_ago=9 * 24,
            replies=[
                DemoComment(
                    r(2),
                    "Aber bitte ohne Anmeldung mit Telefonnummer.",
                    hours_ago=8 * 24,
                )
            ],
        ),
    ],
}


def _walk(specs, parent=None):
    for spec in specs:
        yield spec, parent
        yield from _walk(spec.replies, spec)


def _create(idea, spec, user, parent_comment, when):
    comment = Comment(
        content_type=comments.content_type_for(idea),
        object_pk=str(idea.pk),
        site_id=settings.SITE_ID,
        user=user,
        user_name=user.public_name[: comments.NAME_MAX_LENGTH],
        user_email=user.email,
        comment=spec.text,
        submit_date=when,
        is_public=True,
        parent_id=parent_comment.pk if parent_comment is not None else 0,
        is_official=spec.official,
    )
    comment.save()  # a new row: xtd sets thread, level and order
    return comment


@transaction.atomic
def load():
    """Create the missing demo comments; returns a one-line summary."""
    now = timezone.now()
    emails = {spec.author for specs in THREADS.values() for spec, _parent in _walk(specs)}
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    ideas = {idea.title: idea for idea in Idea.objects.filter(title__in=list(THREADS))}
    created = total = 0
    for title, specs in THREADS.items():
        idea = ideas.get(title)
        if idea is None:
            continue
        existing = {
            (c.user_id, c.comment): c
            for c in comments.comments_for(idea).select_related(None).only("pk", "user", "comment")
        }
        made = {}
        for spec, parent_spec in _walk(specs):
            user = users.get(spec.author)
            if user is None:
                continue
            total += 1
            comment = existing.get((user.pk, spec.text))
            if comment is None:
                parent = made.get(id(parent_spec)) if parent_spec is not None else None
                if parent_spec is not None and parent is None:
                    continue  # the parent's author is missing
                start = idea.published_at or idea.created
                when = max(now - timedelta(hours=spec.hours_ago), start + timedelta(hours=1))
                when = min(when, now - timedelta(minutes=30))
                comment = _create(idea, spec, user, parent, when)
                created += 1
            made[id(spec)] = comment
            if user.follow_supported:
                Follow.objects.get_or_create(idea=idea, user=user)
        comments.refresh_comment_count(idea)
    return f"{total} Demo-Kommentare ({created} neu) auf {len(ideas)} Ideen"
