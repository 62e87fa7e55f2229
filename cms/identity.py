"""The city's identity: portal name, logo, primary colour, hero image, footer and imprint.

Editors set it per site in the admin (Einstellungen → Erscheinungsbild, :class:`cms.models.PortalIdentity`);
templates read it through the ``identity`` context variable (:func:`context`), memoised per request;
the setting itself is kept per process until an editor changes it (:mod:`participation.constants`).
The primary colour drives KERN's action colour through a small stylesheet (:func:`theme_css`),
so the strict CSP (no inline style) holds.
"""

import hashlib
import logging
import re

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from participation import constants

logger = logging.getLogger(__name__)

REQUEST_ATTRIBUTE = "_portal_identity"
DEFAULT_PRIMARY_COLOUR = "#1d4f91"
MINIMUM_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def relative_luminance(colour):
    """WCAG 2.1 relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first, second="#ffffff"):
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_primary_colour(value):
    """A ``#rrggbb`` colour with at least 4.5:1 contrast on white (text, links, buttons)."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Bitte geben Sie die Farbe als Hex-Wert mit sechs Stellen an, z. B. #1d4f91."),
            code="format",
        )
    ratio = contrast_ratio(value)
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            _(
                "Die Farbe %(colour)s hat auf Weiß nur einen Kontrast von %(ratio)s:1. Für Text, "
                "Links und Schaltflächen braucht sie mindestens 4,5:1 (WCAG 2.1 AA). Wählen Sie "
                "einen dunkleren Ton."
            ),
            code="contrast",
            params={"colour": value, "ratio": f"{ratio:.2f}".replace(".", ",")},
        )


class Identity:
    """What templates show of the identity, in the active language, with defaults."""

    def __init__(self, setting=None):
        self.setting = setting
        english = (get_language() or "de").startswith("en")
        pick = (lambda de, en: (en or de) if english else de) if setting else None
        self.name = setting.portal_name if setting else "Mitwirken"
        self.tagline = pick(setting.tagline, setting.tagline_en) if setting else ""
        self.footer_text = pick(setting.footer_text, setting.footer_text_en) if setting else ""
        self.imprint_address = setting.imprint_address if setting else ""
        self.logo = setting.logo if setting else None
        self.logo_alt = (setting.logo_alt or self.name) if setting else self.name
        self.hero_image = setting.hero_image if setting else None
        self.hero_image_alt = (
            pick(setting.hero_image_alt, setting.hero_image_alt_en) if setting else ""
        )
        self.primary_colour = (
            setting.primary_colour if setting and setting.primary_colour else DEFAULT_PRIMARY_COLOUR
        )
        self.demo_banner = bool(setting and setting.demo_banner)

    @property
    def theme_version(self):
        """Changes with the colour, so browsers may cache the stylesheet for long."""
        return hashlib.sha256(self.primary_colour.encode()).hexdigest()[:10]


def _site(request):
    if request is not None:
        site = Site.find_for_request(request)
        if site is not None:
            return site
    return Site.objects.filter(is_default_site=True).first()


def lookup(request=None):
    """The identity for this request's site (memoised on the request)."""
    if request is not None and hasattr(request, REQUEST_ATTRIBUTE):
        return getattr(request, REQUEST_ATTRIBUTE)
    from cms.models import PortalIdentity

    try:
        site = _site(request)
        setting = (
            constants.remember(
                ("identity", site.pk),
                lambda: (
                    PortalIdentity.objects.filter(site=site)
                    .select_related("logo", "hero_image")
                    .first()
                ),
            )
            if site is not None
            else None
        )
    except DatabaseError:
        # An error page must still render when the database is the problem.
        logger.exception("The portal identity could not be read; the defaults are shown.")
        setting = None
    identity = Identity(setting)
    if request is not None:
        setattr(request, REQUEST_ATTRIBUTE, identity)
    return identity


def theme_css(identity):
    """The stylesheet that makes the city's colour KERN's action colour."""
    colour = identity.primary_colour
    return (
        "/* Mitwirken: the city's primary colour (Einstellungen → Erscheinungsbild). */\n"
        f"html[data-kern-theme] {{ --kern-color-action-default: {colour}; "
        f"--kern-color-decorative-brand-default: {colour}; }}\n"
    )
