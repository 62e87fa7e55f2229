"""Display names: what others see next to a contribution, so nobody may pose as the city.

``check_display_name`` refuses reserved words (``settings.RESERVED_DISPLAY_NAMES``, matched
as whole words, case-insensitively, after NFKC normalisation, so "ＲＥＤＡＫＴＩＯＮ" and
"redaktion" count too) and invisible characters: bidi controls (a right-to-left override
makes a name read backwards) and zero-width characters (they hide a reserved word, or make
two names look alike). Templates show names inside ``<bdi>`` (``|bdi``), so a name written
right to left cannot reorder the text around it.
"""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Cc: control characters; Cf: format characters (U+200B–U+200F, U+202A–U+202E,
# U+2060–U+2064, U+2066–U+2069, U+FEFF, U+061C, U+00AD …); Co: private use; Cs: surrogates.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cs"}
WORD_RE = re.compile(r"[^\W_]+")


def words(text):
    """The words of ``text`` as compared: NFKC-normalised, case-folded letters and digits."""
    return WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold())


def has_invisible_characters(text):
    return any(unicodedata.category(char) in INVISIBLE_CATEGORIES for char in text)


def reserved_word_in(name):
    """The entry of ``RESERVED_DISPLAY_NAMES`` that ``name`` contains as whole words, or None."""
    name_words = words(name)
    for entry in settings.RESERVED_DISPLAY_NAMES:
        entry_words = words(entry)
        size = len(entry_words)
        if size and any(
            name_words[start : start + size] == entry_words
            for start in range(len(name_words) - size + 1)
        ):
            return entry
    return None


def check_display_name(value, allow_reserved=False):
    """The display name as stored (spaces collapsed), or a ``ValidationError`` in German.

    ``allow_reserved``: the city's own editors and moderators may use the reserved words.
    """
    if has_invisible_characters(value.replace("\t", " ").replace("\n", " ").replace("\r", " ")):
        raise ValidationError(
            _(
                "Der Anzeigename enthält unsichtbare Steuer- oder Formatzeichen (etwa zur "
                "Schreibrichtung). Bitte geben Sie ihn ohne diese Zeichen ein."
            ),
            code="invisible_characters",
        )
    name = " ".join(value.split())
    if len(name) < 2:
        raise ValidationError(_("Bitte geben Sie mindestens zwei Zeichen ein."), code="too_short")
    if "@" in name:
        raise ValidationError(
            _("Der Anzeigename darf keine E-Mail-Adresse enthalten."), code="email"
        )
    reserved = None if allow_reserved else reserved_word_in(name)
    if reserved:
        raise ValidationError(
            _(
                "„%(word)s“ ist der Stadt und ihrer Redaktion vorbehalten und darf nicht im "
                "Anzeigenamen stehen. Bitte wählen Sie einen anderen Namen."
            ),
            code="reserved",
            params={"word": reserved},
        )
    return name
