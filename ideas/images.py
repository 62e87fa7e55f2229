"""Safe handling of images that residents attach to their ideas.

Independent of any model: a form or view calls :func:`clean_image` with the uploaded file and
stores the returned :class:`~django.core.files.base.ContentFile` (e.g. via ``FieldFile.save``
or a storage backend). Nothing the resident sent is stored as is.

Pipeline (each step refuses with a :class:`ImageRejected`, a ``ValidationError`` with a code):

1. ``too_large``: the upload's ``size`` is checked before a single byte is read or decoded;
   reading is also capped, in case ``size`` lies.
2. ``invalid_format``: Pillow opens the bytes with an explicit format list (JPEG, PNG, WEBP).
   Every other decoder (SVG is none anyway, GIF, PDF, FITS with its decoder bomb, ...) is never
   reached; HTML or script named ``evil.png`` is refused because it is no image at all.
3. ``too_many_pixels``: width × height come from the header, before pixels are decoded, and
   are capped at :data:`MAX_PIXELS`. Pillow's own decompression bomb check (error above
   2 × ``Image.MAX_IMAGE_PIXELS``, warning above it) is mapped to the same clear message; the
   warning is turned into an error only inside ``warnings.catch_warnings``. Our explicit check
   does not depend on that (nor on ``Image.MAX_IMAGE_PIXELS``, which stays untouched), so it
   also holds if some other code sets ``MAX_IMAGE_PIXELS = None`` or if the process-wide
   warning filters change concurrently.
4. ``invalid_format`` (damaged file): ``verify()`` and a full ``load()``; truncated or broken
   data is refused.
5. Re-encoding: EXIF orientation is applied, embedded ICC colours are converted to sRGB, the
   mode is normalised (CMYK/YCbCr/palette → RGB, 16 bit grey → 8 bit), the long edge is reduced
   to :data:`MAX_EDGE` px, and the pixels are copied into a *fresh* image, so no metadata
   (EXIF with GPS, XMP, ICC, comments, text chunks) and no trailing data (a PHP payload after
   the PNG ``IEND``) can survive. Pillow would otherwise carry a JPEG comment over on save.
6. The result gets a random name (``secrets.token_hex(16)``), never the resident's file name.

Output format decision:

* **JPEG** (quality 85, optimised, progressive, 4:2:0) for everything without real
  transparency: photos, and also PNG/WEBP uploads that are fully opaque. Smallest files for
  photos, universally supported.
* **WEBP** (lossy, quality 85, alpha kept losslessly) for images with real transparency
  (an alpha channel or a ``tRNS`` chunk with at least one non-opaque pixel). PNG would keep
  the alpha too, but a 2400 px photo with alpha easily reaches several MB as PNG; every
  current browser shows WEBP.

Only the first frame of an animated PNG/WEBP is kept.
"""

from __future__ import annotations

import contextlib
import io
import secrets
import struct
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_EDGE = 2400
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")

JPEG_QUALITY = 85
WEBP_QUALITY = 85

MESSAGES = {
    "too_large": _("Das Bild ist zu groß (höchstens 8 MB). Bitte wählen Sie eine kleinere Datei."),
    "invalid_format": _("Bitte laden Sie ein Foto im Format JPEG, PNG oder WEBP hoch."),
    "too_many_pixels": _("Das Bild hat zu viele Bildpunkte (höchstens 40 Megapixel)."),
    "corrupt": _(
        "Die Bilddatei ist beschädigt oder unvollständig. Bitte wählen Sie eine andere Datei."
    ),
}

# What Pillow raises for malformed input while parsing or decoding.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error)

_SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class ImageRejected(ValidationError):
    """An upload that is not stored. ``code`` is one of ``too_large``, ``invalid_format``
    (unknown format, or a damaged file) and ``too_many_pixels``."""

    def __init__(self, code: str, message_key: str | None = None):
        super().__init__(MESSAGES[message_key or code], code=code)


def describe_limits():
    """Help text for the upload field of a form."""
    return _(
        "JPEG, PNG oder WEBP, höchstens 8 MB und 40 Megapixel. Ortsdaten (GPS) und andere "
        "Metadaten werden beim Hochladen entfernt."
    )


def clean_image(uploaded) -> ContentFile:
    """Check and re-encode an uploaded image; return a clean ``ContentFile`` with a random name.

    ``uploaded`` is any Django ``File`` (``UploadedFile``, ``SimpleUploadedFile``, ...).
    Raises :class:`ImageRejected` (a ``ValidationError``) if the upload is refused.
    """
    data = _read_limited(uploaded)
    _check_header(data)
    image = _decode(data)
    try:
        clean, fmt = _normalise(image)
    finally:
        image.close()
    return _encode(clean, fmt)


def _read_limited(uploaded) -> bytes:
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ImageRejected("too_large")
    with contextlib.suppress(AttributeError, OSError, ValueError):
        uploaded.seek(0)  # a form field may already have read it
    data = uploaded.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:  # ``size`` missing or wrong
        raise ImageRejected("too_large")
    if not data:
        raise ImageRejected("invalid_format")
    return data


def _open(data: bytes) -> Image.Image:
    """Open with the allowed decoders only; pixel limits are mapped to ``too_many_pixels``."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected("too_many_pixels") from None
        except _DECODE_ERRORS:  # includes UnidentifiedImageError
            raise ImageRejected("invalid_format") from None
    width, height = image.size
    if width < 1 or height < 1:
        image.close()
        raise ImageRejected("invalid_format")
    if width * height > MAX_PIXELS:
        image.close()
        raise ImageRejected("too_many_pixels")
    return image


def _check_header(data: bytes) -> None:
    """Format and dimensions from the header, then ``verify()`` (PNG: chunk CRCs)."""
    image = _open(data)
    try:
        image.verify()
    except _DECODE_ERRORS:
        raise ImageRejected("invalid_format", "corrupt") from None
    finally:
        image.close()


def _decode(data: bytes) -> Image.Image:
    """Reopen (``verify()`` leaves the image unusable) and decode the first frame."""
    image = _open(data)
    try:
        if image.format in ("JPEG", "MPO"):
            # Let libjpeg decode at 1/2, 1/4 or 1/8 scale where the result still covers the
            # target size: less memory and time for large camera photos.
            image.draft(None, _target_size(image.size))
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        image.close()
        raise ImageRejected("too_many_pixels") from None
    except _DECODE_ERRORS:
        image.close()
        raise ImageRejected("invalid_format", "corrupt") from None
    return image


def _target_size(size: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, MAX_EDGE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _normalise(image: Image.Image) -> tuple[Image.Image, str]:
    """Orientation, colours, mode and size; returns a metadata-free image and its format."""
    try:
        oriented = ImageOps.exif_transpose(image)
    except _DECODE_ERRORS:  # a broken EXIF block must not make a good photo unusable
        oriented = image
    im = _to_srgb(oriented)
    im = _to_output_mode(im)
    if max(im.size) > MAX_EDGE:
        im = im.resize(_target_size(im.size), Image.Resampling.LANCZOS)

    fmt = "WEBP" if im.mode == "RGBA" else "JPEG"
    # A fresh image holds pixels only: no EXIF, XMP, ICC, comments, text chunks or palette.
    clean = Image.new(im.mode, im.size)
    clean.paste(im, (0, 0))
    return clean, fmt


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert colours from an embedded ICC profile (e.g. Display P3, Adobe RGB, CMYK) to sRGB,
    so that dropping the profile does not shift colours. Broken profiles are ignored."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(image, source, _SRGB_PROFILE, outputMode=out_mode)
    except (ImageCms.PyCMSError, *_DECODE_ERRORS):
        return image
    return converted if converted is not None else image


def _to_output_mode(im: Image.Image) -> Image.Image:
    """``L`` or ``RGB`` for JPEG, ``RGBA`` for WEBP (only if some pixel is not opaque)."""
    mode = im.mode
    if mode.startswith("I;16") or mode == "I":
        # 16/32 bit grey: scale to 8 bit (a plain convert("L") would clip to white).
        im = im.convert("I").point(lambda v: v * (1 / 257)).convert("L")
        mode = "L"
    has_alpha = mode in ("LA", "PA", "RGBa", "La")
    if has_alpha or ("transparency" in im.info and mode in ("P", "L", "RGB")):
        im = im.convert("RGBA")

    if im.mode == "RGBA":
        low, _high = im.getchannel("A").getextrema()
        if low < 255:
            return im
        return im.convert("RGB")
    if im.mode in ("L", "RGB"):
        return im
    if im.mode == "1":
        return im.convert("L")
    return im.convert("RGB")  # P, CMYK, YCbCr, LAB, F, ...


def _encode(image: Image.Image, fmt: str) -> ContentFile:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(
            buffer,
            "JPEG",
            quality=JPEG_QUALITY,
            optimize=True,
            progressive=True,
            subsampling="4:2:0",
        )
        extension = "jpg"
    else:
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
        extension = "webp"
    image.close()
    return ContentFile(buffer.getvalue(), name=f"{secrets.token_hex(16)}.{extension}")
