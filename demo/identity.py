"""The demo's neutral, Wuppertal-like identity: name, emblem, colour, hero image, footer.

Only fields still at their defaults are filled, so an editor's choices survive a reload. The
demo notice is the dismissible banner (``demo_banner``), never part of the page content.
"""

import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from cms.models import PortalIdentity
from demo import images

NAME = "Mitwirken"
TAGLINE = "Beteiligungsportal der Stadt Wuppertal"
TAGLINE_EN = "The City of Wuppertal's participation portal"
COLOUR = "#1d4f91"  # 8.3:1 on white
FOOTER = (
    "Ideen aus Stadtgesellschaft, Wissenschaft und Wirtschaft – gemeinsam geprüft und als "
    "Pilotprojekt umgesetzt."
)
FOOTER_EN = (
    "Ideas from residents, research and business – assessed together and turned into pilots."
)
ADDRESS = "Stadt Wuppertal\nStabsstelle Digitalisierung und Smart City\nJohannes-Rau-Platz 1\n42275 Wuppertal"
HERO_ALT = "Zeichnung: Hügel und Häuser einer Stadt im Tal unter hellem Himmel."
HERO_ALT_EN = "Drawing: hills and houses of a city in a valley under a bright sky."
LOGO_TITLE = "Demo: Emblem des Beteiligungsportals"
HERO_TITLE = "Demo: Startseitenbild"


def _emblem():
    """A plain emblem (no lettering): a shield with three waves, in the portal's colour."""
    size = 192
    image = PILImage.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    blue = (0x1D, 0x4F, 0x91, 255)
    draw.polygon([(24, 16), (168, 16), (168, 104), (96, 180), (24, 104)], fill=blue)
    for k, y in enumerate((56, 86, 116)):
        inset = 40 + k * 8
        draw.arc((inset, y - 18, 96, y + 18), 200, 340, fill=(255, 255, 255, 255), width=8)
        draw.arc((96, y - 18, size - inset, y + 18), 200, 340, fill=(255, 255, 255, 255), width=8)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ImageFile(buffer, name="emblem.png")


def _hero():
    buffer = io.BytesIO()
    images.draw("Startseite", "umwelt-klima", size=(1440, 960)).save(
        buffer, "PNG", compress_level=1
    )
    return ImageFile(buffer, name="startseite.png")


def _image(title, make):
    model = get_image_model()
    existing = model.objects.filter(title=title).first()
    return existing or model.objects.create(title=title, file=make())


def load(site):
    """Give ``site`` the demo identity where its fields are unset; show the demo banner."""
    identity = PortalIdentity.for_site(site)
    defaults = PortalIdentity()
    if identity.tagline == "":
        identity.tagline, identity.tagline_en = TAGLINE, TAGLINE_EN
    if identity.footer_text == "":
        identity.footer_text, identity.footer_text_en = FOOTER, FOOTER_EN
    if identity.imprint_address == "":
        identity.imprint_address = ADDRESS
    if identity.primary_colour == defaults.primary_colour:
        identity.primary_colour = COLOUR
    if identity.logo_id is None:
        identity.logo = _image(LOGO_TITLE, _emblem)
        identity.logo_alt = ""
    if identity.hero_image_id is None:
        identity.hero_image = _image(HERO_TITLE, _hero)
        identity.hero_image_alt, identity.hero_image_alt_en = HERO_ALT, HERO_ALT_EN
    identity.demo_banner = True
    identity.save()
