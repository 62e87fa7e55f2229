"""Illustrations for the demo ideas, drawn locally with Pillow (no downloads, no stock photos).

Each picture is a gradient in the topic's colours, a row of hills and houses (Wuppertal lies in
a valley), the topic's pictogram and the idea's title. The result goes through
:func:`ideas.images.clean_image`, exactly like a resident's upload, so demo images are stored
the same way: re-encoded JPEG, random file name, no metadata.
"""

from __future__ import annotations

import hashlib
import io
import random
from functools import cache
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from ideas.images import clean_image

SIZE = (1200, 800)

# Topic slug → (top colour, bottom colour, accent)
PALETTES = {
    "mobilitaet-parken": ((28, 78, 150), (120, 178, 230), (255, 255, 255)),
    "sensorik-lorawan": ((20, 92, 96), (110, 200, 190), (255, 214, 90)),
    "breitband-weisse-flecken": ((60, 40, 120), (170, 140, 230), (255, 170, 60)),
    "digitale-verwaltung": ((110, 40, 40), (235, 160, 120), (255, 250, 240)),
    "umwelt-klima": ((30, 100, 50), (160, 215, 120), (255, 240, 150)),
    "bildung-kultur": ((120, 70, 20), (245, 200, 110), (255, 255, 255)),
}
DEFAULT_PALETTE = ((60, 60, 70), (180, 180, 190), (255, 255, 255))

# What the pictogram shows, for the alternative text.
PICTOGRAMS = {
    "mobilitaet-parken": "ein Parkschild mit dem Buchstaben P",
    "sensorik-lorawan": "ein Sensor mit Antenne, der Funkwellen aussendet",
    "breitband-weisse-flecken": "gebündelte Glasfaserleitungen mit leuchtenden Enden",
    "digitale-verwaltung": "ein Rathaus mit Säulen",
    "umwelt-klima": "ein Baum mit einem Wassertropfen",
    "bildung-kultur": "ein aufgeschlagenes Buch",
}

# Fonts with umlauts; Pillow's built-in font (Aileron) has no "ä", "ö", "ü", "ß".
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
)
TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


@cache
def _font(size: int):
    """A bold TrueType font with umlauts, and whether it has them."""
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size), True
    return ImageFont.load_default(size=size), False


def _seed(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _gradient(size, top, bottom) -> Image.Image:
    mask = Image.linear_gradient("L").resize(size)  # 0 at the top, 255 at the bottom
    upper = Image.new("RGB", size, top)
    lower = Image.new("RGB", size, bottom)
    return Image.composite(lower, upper, mask)


def _landscape(draw, size, colour, rng):
    """Hills and a few houses along the bottom edge."""
    width, height = size
    base = int(height * 0.78)
    for layer, shade in enumerate((0.55, 0.75)):
        fill = _mix(colour, (255, 255, 255), shade - 0.35)
        points = [(0, height)]
        x = 0
        while x <= width:
            points.append((x, base - layer * 30 - rng.randint(0, 60)))
            x += width // 8
        points.append((width, height))
        draw.polygon(points, fill=fill)
    house = _mix(colour, (0, 0, 0), 0.35)
    x = rng.randint(20, 80)
    while x < width - 80:
        w, h = rng.randint(40, 70), rng.randint(50, 110)
        top = height - 40 - h
        draw.rectangle((x, top, x + w, height), fill=house)
        draw.polygon([(x - 6, top), (x + w // 2, top - 30), (x + w + 6, top)], fill=house)
        for wy in range(top + 12, height - 50, 26):
            draw.rectangle((x + 10, wy, x + 20, wy + 12), fill=(250, 230, 150))
        x += w + rng.randint(30, 140)


def _pictogram(draw, topic, centre, radius, accent, dark):
    """A simple symbol for the topic inside a round badge."""
    cx, cy = centre
    r = radius
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=dark, outline=accent, width=8)
    s = r * 0.55
    if topic == "mobilitaet-parken":  # parking sign: "P" in a square
        draw.rounded_rectangle(
            (cx - s, cy - s, cx + s, cy + s), radius=18, outline=accent, width=10
        )
        font, _ = _font(int(s * 1.5))
        draw.text((cx, cy), "P", font=font, fill=accent, anchor="mm")
    elif topic == "sensorik-lorawan":  # sensor with radio waves
        draw.rectangle((cx - s * 0.25, cy - s * 0.1, cx + s * 0.25, cy + s * 0.9), fill=accent)
        draw.line((cx, cy - s * 0.1, cx, cy - s * 0.7), fill=accent, width=8)
        for k in (0.35, 0.6, 0.85):
            box = (cx - s * k, cy - s * 0.7 - s * k, cx + s * k, cy - s * 0.7 + s * k)
            draw.arc(box, 200, 340, fill=accent, width=7)
    elif topic == "breitband-weisse-flecken":  # fibre strands with glowing ends
        for offset in (-0.6, -0.2, 0.2, 0.6):
            y = cy + s * offset
            draw.line((cx - s, y, cx, cy, cx + s, y), fill=accent, width=7, joint="curve")
            draw.ellipse((cx + s - 12, y - 12, cx + s + 12, y + 12), fill=(255, 255, 255))
    elif topic == "digitale-verwaltung":  # town hall
        draw.polygon([(cx - s, cy - s * 0.35), (cx, cy - s), (cx + s, cy - s * 0.35)], fill=accent)
        for k in range(4):
            x = cx - s * 0.8 + k * s * 0.53
            draw.rectangle((x, cy - s * 0.25, x + s * 0.22, cy + s * 0.7), fill=accent)
        draw.rectangle((cx - s, cy + s * 0.75, cx + s, cy + s * 0.95), fill=accent)
    elif topic == "umwelt-klima":  # tree and a water drop
        draw.rectangle((cx - s * 0.12, cy, cx + s * 0.12, cy + s), fill=(140, 90, 50))
        draw.ellipse((cx - s * 0.8, cy - s, cx + s * 0.8, cy + s * 0.4), fill=accent)
        draw.polygon(
            [
                (cx + s * 0.75, cy + s * 0.2),
                (cx + s * 0.55, cy + s * 0.6),
                (cx + s * 0.95, cy + s * 0.6),
            ],
            fill=(120, 190, 255),
        )
        draw.ellipse(
            (cx + s * 0.55, cy + s * 0.45, cx + s * 0.95, cy + s * 0.85), fill=(120, 190, 255)
        )
    elif topic == "bildung-kultur":  # open book
        draw.polygon(
            [
                (cx, cy - s * 0.5),
                (cx - s, cy - s * 0.7),
                (cx - s, cy + s * 0.6),
                (cx, cy + s * 0.8),
            ],
            fill=accent,
        )
        draw.polygon(
            [
                (cx, cy - s * 0.5),
                (cx + s, cy - s * 0.7),
                (cx + s, cy + s * 0.6),
                (cx, cy + s * 0.8),
            ],
            fill=accent,
        )
        for k in range(3):
            y = cy - s * 0.3 + k * s * 0.3
            draw.line((cx - s * 0.8, y - s * 0.1, cx - s * 0.15, y + s * 0.05), fill=dark, width=4)
            draw.line((cx + s * 0.15, y + s * 0.05, cx + s * 0.8, y - s * 0.1), fill=dark, width=4)
    else:
        draw.ellipse((cx - s * 0.4, cy - s * 0.4, cx + s * 0.4, cy + s * 0.4), fill=accent)


def draw(title: str, topic_slug: str, size=SIZE) -> Image.Image:
    """The illustration as a Pillow image (RGB). Same title and topic → same picture."""
    top, bottom, accent = PALETTES.get(topic_slug, DEFAULT_PALETTE)
    rng = random.Random(_seed(f"{topic_slug}:{title}"))  # noqa: S311 - layout, not security
    image = _gradient(size, top, bottom)
    canvas = ImageDraw.Draw(image)
    width, height = size
    # A few soft circles as "light" in the sky.
    for _ in range(6):
        r = rng.randint(30, 120)
        x, y = rng.randint(0, width), rng.randint(0, height // 2)
        canvas.ellipse((x - r, y - r, x + r, y + r), fill=_mix(top, bottom, rng.uniform(0.3, 0.8)))
    _landscape(canvas, size, top, rng)
    # No title in the picture: the card and the page show it as text next to the image.
    radius = min(width, height) // 5
    centre = (width - radius - 60, radius + 60)
    _pictogram(canvas, topic_slug, centre, radius, accent, _mix(top, (0, 0, 0), 0.3))
    return image


def describe(title: str, topic_slug: str) -> str:
    """German alternative text for :func:`draw`'s picture (at most 200 characters)."""
    symbol = PICTOGRAMS.get(topic_slug, "ein rundes Symbol")
    text = f"Zeichnung zu „{title}“: {symbol} in einem Kreis über Hügeln und Häusern im Tal."
    if len(text) > 200:
        text = f"Zeichnung: {symbol} in einem Kreis über Hügeln und Häusern im Tal."
    return text


def make_image(title: str, topic_slug: str, size=SIZE) -> ContentFile:
    """The illustration, cleaned like an upload: a ``ContentFile`` with a random ``.jpg`` name."""
    buffer = io.BytesIO()
    draw(title, topic_slug, size).save(buffer, "PNG", compress_level=1)
    return clean_image(ContentFile(buffer.getvalue(), name="demo.png"))
