"""Responsive renditions of idea images (made once, on first use, next to the original)."""

import logging
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

logger = logging.getLogger(__name__)

WIDTHS = (400, 800)


def rendition_name(name, width):
    stem, _dot, _ext = name.rpartition(".")
    return f"{stem}-{width}w.jpg"


def ensure_renditions(name):
    """Return [(url, width)] for the image's renditions, creating missing ones."""
    if not name:
        return []
    result = []
    original = None
    try:
        for width in WIDTHS:
            target = rendition_name(name, width)
            if not default_storage.exists(target):
                if original is None:
                    with default_storage.open(name) as handle:
                        original = Image.open(handle, formats=["JPEG", "PNG", "WEBP"])
                        original.load()
                if original.width <= width:
                    continue
                copy = original.convert("RGB")
                copy.thumbnail((width, width * 4))
                buffer = BytesIO()
                copy.save(buffer, "JPEG", quality=80, optimize=True, progressive=True)
                default_storage.save(target, ContentFile(buffer.getvalue()))
            result.append((default_storage.url(target), width))
    except (OSError, ValueError):
        logger.warning("Could not make renditions for %s", name, exc_info=True)
    return result
