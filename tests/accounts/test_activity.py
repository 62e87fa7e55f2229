"""'Meine Beteiligung': a person's ideas, supports, follows, comments and assessments, each
with its current status and a link to where it stands."""

import re

import pytest

from ideas import services
from tests.factories import AssessmentFactory, CommentFactory, FollowFactory, IdeaFactory

pytestmark = pytest.mark.django_db

URL = "/konto/beteiligung/"


def sections(html):
    """``{heading: section html}`` of the page's activity lists."""
    found = re.findall(
        r'<section class="activity"[^>]*>\s*<h2[^>]*>(.*?) <span.*?</h2>(.*?)</section>', html, re.S
    )
    return dict(found)


def entry_for(section_html, title):
    match = re.search(
        r'<li class="activity__entry">((?:(?!</li>).)*' + re.escape(title) + r".*?)</li>",
        section_html,
        re.S,
    )
    assert match, f"{title!r} not listed"
    return match.group(1)


def page(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return sections(response.content.decode())


def test_visitors_are_sent_to_the_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_the_account_navigation_leads_there(client, resident):
    client.force_login(resident)

    html = client.get("/konto/profil/").content.decode()

    assert f'href="{URL}"' in html
    assert 'aria-current="page">Meine Beteiligung' in client.get(URL).content.decode()


def test_a_new_account_sees_what_it_can_do_in_every_list(client, resident):
    lists = page(client, resident)

    assert list(lists) == [
        "Meine Ideen",
        "Von mir unterstützt",
        "Ideen, denen ich folge",
        "Meine Kommentare",
    ]
    assert "Sie haben noch keine Idee eingereicht." in lists["Meine Ideen"]
    assert "Sie haben noch nichts kommentiert." in lists["Meine Kommentare"]


def test_own_ideas_show_their_status_and_link_even_while_in_review(client, resident):
    waiting = IdeaFactory(author=resident, title="Bänke am Ölberg", status="submitted")
    collecting = IdeaFactory(author=resident, title="Sensoren im Parkhaus")

    mine = page(client, resident)["Meine Ideen"]

    waiting_entry = entry_for(mine, "Bänke am Ölberg")
    assert "Eingereicht (in Prüfung)" in waiting_entry
    assert f'href="{waiting.get_absolute_url()}"' in waiting_entry
    collecting_entry = entry_for(mine, "Sensoren im Parkhaus")
    assert "Sammelt Unterstützung" in collecting_entry
    assert f'href="{collecting.get_absolute_url()}"' in collecting_entry


def test_supports_and_follows_show_the_ideas_current_status(client, resident, editor):
    supported = IdeaFactory(title="Pegelsensoren an der Wupper")
    services.support_idea(resident, supported)
    followed = FollowFactory(user=resident, idea=IdeaFactory(title="Freifunk am Döppersberg")).idea
    services.change_status(followed, "declined", by=editor, note="Nicht zuständig.")

    lists = page(client, resident)

    support = entry_for(lists["Von mir unterstützt"], "Pegelsensoren an der Wupper")
    assert "Sammelt Unterstützung" in support
    assert f'href="{supported.get_absolute_url()}"' in support
    follow = entry_for(lists["Ideen, denen ich folge"], "Freifunk am Döppersberg")
    assert "Abgelehnt" in follow
    assert f'href="{followed.get_absolute_url()}"' in follow


def test_an_idea_hidden_by_moderation_is_listed_without_a_link(client, resident, editor):
    supported = IdeaFactory(title="Werbung für Lose")
    services.support_idea(resident, supported)
    services.hide_idea(supported, by=editor, reason="Werbung")

    support = entry_for(page(client, resident)["Von mir unterstützt"], "Werbung für Lose")

    assert "Ausgeblendet" in support
    assert "href=" not in support


def test_comments_link_to_their_place_and_say_when_they_are_removed(client, resident):
    idea = IdeaFactory(title="Ladesäulen in Barmen")
    kept = CommentFactory(target=idea, user=resident, text="Gute Idee für die Nordstadt.")
    removed = CommentFactory(target=idea, user=resident, text="Doppelt gepostet.")
    removed.is_removed = True
    removed.save()

    comments = page(client, resident)["Meine Kommentare"]

    kept_entry = entry_for(comments, "Gute Idee für die Nordstadt.")
    assert f'href="{idea.get_absolute_url()}#c{kept.pk}"' in kept_entry
    assert "Sichtbar" in kept_entry
    removed_entry = entry_for(comments, "Doppelt gepostet.")
    assert "Entfernt" in removed_entry
    assert "href=" not in removed_entry


def test_researchers_see_their_assessments_with_the_recommendation(client, researcher):
    idea = IdeaFactory(title="LoRaWAN für Schulen")
    AssessmentFactory(idea=idea, author=researcher, recommendation="pilot")

    assessments = page(client, researcher)["Meine Machbarkeitseinschätzungen"]

    entry = entry_for(assessments, "LoRaWAN für Schulen")
    assert "Sammelt Unterstützung" in entry
    assert "Empfehlung: " in entry
    assert f'href="{idea.get_absolute_url()}"' in entry


def test_nobody_sees_anyone_elses_contributions(client, resident):
    IdeaFactory(title="Fremde Idee")
    CommentFactory(user=IdeaFactory().author, text="Fremder Kommentar")

    html = "".join(page(client, resident).values())

    assert "Fremde Idee" not in html
    assert "Fremder Kommentar" not in html
