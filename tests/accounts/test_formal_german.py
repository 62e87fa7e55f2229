"""The portal says "Sie": allauth's texts too, although its own German catalogue says "du".

``participation/locale/de`` overrides every allauth text whose German translation addresses
the reader with "du" (LOCALE_PATHS win over an installed app's catalogue).
"""

import gettext
import re
from pathlib import Path

import allauth
from django.utils import translation

from tests.accounts.conftest import link_in

ALLAUTH_GERMAN = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.mo"

# "du" and its forms, and imperatives in the second person singular.
INFORMAL = re.compile(
    r"\b([Dd]u|[Dd]ein(e[nmrs]?)?|[Dd]ich|[Dd]ir)\b"
    r"|\b[Bb]itte (gib|wähle|versuche|lass|klick|folge|melde|bestätige|habe)\b"
    r"|(^|[.!?]\s+)(Gib|Wähle|Versuche|Lass|Klick|Folge|Melde|Bestätige|Überprüfe|Bist|Hast"
    r"|Kannst|Musst|Möchtest)\b"
)


def allauth_texts_in_du():
    with ALLAUTH_GERMAN.open("rb") as catalogue:
        translations = gettext.GNUTranslations(catalogue)
    return sorted(
        msgid
        for msgid, german in translations._catalog.items()
        if isinstance(msgid, str) and msgid and INFORMAL.search(german)
    )


def test_allauth_says_du_so_the_check_has_something_to_find():
    assert len(allauth_texts_in_du()) >= 40


def test_every_allauth_text_reaches_german_readers_with_sie():
    with translation.override("de"):
        informal = {
            msgid: german
            for msgid in allauth_texts_in_du()
            if INFORMAL.search(german := translation.gettext(msgid))
        }
    assert not informal, "allauth says 'du' here:\n" + "\n".join(
        f"{msgid!r}: {german!r}" for msgid, german in informal.items()
    )


def test_confirming_the_address_thanks_with_sie(db, client, sign_up, mailoutbox):
    sign_up("neu@example.org")
    link = link_in(mailoutbox[0], "/konto/confirm-email/")

    confirmed = client.post(link)
    page = client.get("/konto/email/")  # the next page shows the message

    assert confirmed.status_code == 302
    text = page.content.decode()
    assert "Sie haben die Adresse neu@example.org bestätigt." in text
    assert "Du hast" not in text


def test_a_failed_login_answers_with_sie(db, client):
    page = client.post("/konto/login/", {"login": "niemand@example.org", "password": "falsch"})

    text = page.content.decode()
    assert page.status_code == 200
    assert not INFORMAL.search(text), INFORMAL.search(text)
