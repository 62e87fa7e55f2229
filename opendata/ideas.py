"""The ideas data set: public ideas only (not hidden, not "submitted"), no author, no account
id, no email address. ``only()`` reads just the exported columns: moderation notes
(``hidden_reason``) are never even loaded."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ideas.models import Idea

from .formats import absolute_url, keyset_batches

# The columns an export reads (one query joins topic, district and official answer).
IDEA_DB_FIELDS = [
    "id",
    "reference",
    "title",
    "slug",
    "text",
    "summary_easy",
    "place",
    "status",
    "created",
    "published_at",
    "support_count",
    "comment_count",
    "topic__slug",
    "topic__name",
    "district__slug",
    "district__name",
    "official_answer__text",
]


def filtered_ideas(form):
    """Public ideas narrowed by a valid ``OpenDataFilterForm``."""
    ideas = (
        Idea.objects.public()
        .select_related("topic", "district", "official_answer")
        .only(*IDEA_DB_FIELDS)
    )
    return form.apply(ideas)


# (field, type, meaning): the one description of the ideas data set, shown on the page.
IDEA_FIELDS = [
    ("reference", gettext_lazy("Text"), gettext_lazy("Aktenzeichen der Idee, eindeutig")),
    ("title", gettext_lazy("Text"), gettext_lazy("Titel der Idee")),
    ("text", gettext_lazy("Text"), gettext_lazy("Beschreibung der Idee (mehrzeilig)")),
    (
        "summary_easy",
        gettext_lazy("Text"),
        gettext_lazy("Zusammenfassung in Leichter Sprache, leer wenn keine vorhanden"),
    ),
    ("topic", gettext_lazy("Kürzel"), gettext_lazy("Thema (Kürzel, wie im Filter „thema“)")),
    ("topic_name", gettext_lazy("Text"), gettext_lazy("Name des Themas")),
    (
        "district",
        gettext_lazy("Kürzel"),
        gettext_lazy("Stadtbezirk (Kürzel, wie im Filter „bezirk“)"),
    ),
    ("district_name", gettext_lazy("Text"), gettext_lazy("Name des Stadtbezirks")),
    ("place", gettext_lazy("Text"), gettext_lazy("Ortsbeschreibung, leer wenn keine")),
    ("status", gettext_lazy("Kürzel"), gettext_lazy("Status (wie im Filter „status“)")),
    ("status_label", gettext_lazy("Text"), gettext_lazy("Status in Worten")),
    (
        "created",
        gettext_lazy("Zeitpunkt (ISO 8601)"),
        gettext_lazy("Eingereicht am, Ortszeit Berlin mit Zeitzonenangabe"),
    ),
    (
        "published_at",
        gettext_lazy("Zeitpunkt (ISO 8601)"),
        gettext_lazy("Veröffentlicht am; leer, wenn nicht gesetzt"),
    ),
    ("support_count", gettext_lazy("Ganzzahl"), gettext_lazy("Anzahl der Unterstützungen")),
    ("comment_count", gettext_lazy("Ganzzahl"), gettext_lazy("Anzahl der Kommentare")),
    ("url", gettext_lazy("Adresse (URL)"), gettext_lazy("Seite der Idee im Portal")),
    (
        "official_answer",
        gettext_lazy("Text"),
        gettext_lazy("Offizielle Antwort der Stadt; leer (CSV) bzw. null (JSON), wenn keine"),
    ),
]
IDEA_COLUMNS = [name for name, _type, _meaning in IDEA_FIELDS]


class IdeaRecords:
    """Turns public ideas into flat dicts with the keys of ``IDEA_COLUMNS``, in that order.

    Everything that is the same for every row (status labels in the request's language, the
    URL pattern, the time zone) is looked up once: per row, ``get_status_display`` and
    ``reverse`` would cost more than the database.
    """

    URL_PK, URL_SLUG = 2147483647, "idee-url-platzhalter"

    def __init__(self):
        self.labels = {code: str(label) for code, label in Idea.Status.choices}
        self.path_pattern = reverse(
            "ideas:detail", kwargs={"pk": self.URL_PK, "slug": self.URL_SLUG}
        )
        self.tz = timezone.get_current_timezone()

    def url(self, idea):
        path = self.path_pattern.replace(str(self.URL_PK), str(idea.pk), 1)
        return absolute_url(path.replace(self.URL_SLUG, idea.slug or "idee", 1))

    def time(self, value):
        return value.astimezone(self.tz).isoformat(timespec="seconds") if value else None

    def __call__(self, idea):
        try:
            answer = idea.official_answer.text
        except Idea.official_answer.RelatedObjectDoesNotExist:
            answer = None
        return {
            "reference": idea.reference,
            "title": idea.title,
            "text": idea.text,
            "summary_easy": idea.summary_easy,
            "topic": idea.topic.slug,
            "topic_name": idea.topic.name,
            "district": idea.district.slug,
            "district_name": idea.district.name,
            "place": idea.place,
            "status": idea.status,
            "status_label": self.labels.get(idea.status, idea.status),
            "created": self.time(idea.created),
            "published_at": self.time(idea.published_at),
            "support_count": idea.support_count,
            "comment_count": idea.comment_count,
            "url": self.url(idea),
            "official_answer": answer,
        }


def idea_records(form):
    """The filtered public ideas as dicts, read in keyset batches."""
    record = IdeaRecords()
    return (record(idea) for idea in keyset_batches(filtered_ideas(form)))
