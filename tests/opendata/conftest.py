import pytest

from ideas.models import Idea, OfficialAnswer
from tests.factories import DistrictFactory, IdeaFactory, TopicFactory


@pytest.fixture
def ideas():
    """Public ideas in two topics and districts, plus a hidden and a submitted one."""
    traffic = TopicFactory(name="Verkehr", slug="verkehr")
    climate = TopicFactory(name="Klima & Umwelt", slug="klima")
    barmen, elberfeld = DistrictFactory(name="Barmen"), DistrictFactory(name="Elberfeld")
    public = [
        IdeaFactory(title="Parkleitsystem", topic=traffic, district=elberfeld, place="Neumarkt"),
        IdeaFactory(
            title="Pegelsensoren an der Wupper",
            topic=climate,
            district=barmen,
            status=Idea.Status.THRESHOLD_REACHED,
            summary_easy="Sensoren messen das Wasser.",
            support_count=57,
            comment_count=4,
        ),
        IdeaFactory(
            title="Fahrradbügel; mehr davon",
            text='Mehr Bügel, "bitte" –\r\nmit Zeilenumbruch, Semikolon; und Ümläuten.',
            topic=traffic,
            district=barmen,
            status=Idea.Status.DECLINED,
        ),
    ]
    OfficialAnswer.objects.create(idea=public[1], text="Die Stadt prüft einen Pilot.")
    hidden = IdeaFactory(title="Ausgeblendete Idee", topic=traffic, district=barmen, hidden=True)
    submitted = IdeaFactory(
        title="Eingereichte Idee", topic=traffic, district=barmen, status=Idea.Status.SUBMITTED
    )
    return {"public": public, "hidden": hidden, "submitted": submitted}
