"""Test files for ideas.images, generated in memory (Pillow or hand-built bytes).

Byte generators are cached (the PNG bombs take a few tens of milliseconds each); the
``*_upload`` helpers wrap fresh ``SimpleUploadedFile`` objects around them.
"""

from __future__ import annotations

import functools
import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, ImageDraw

PHP_PAYLOAD = b"<?php system($_GET['c']); ?>"
CAMERA_MAKE = "Kamerawerk"
CAMERA_MODEL = "Spaeher 3000"

# EXIF tags
TAG_ORIENTATION = 0x0112
TAG_MAKE = 0x010F
TAG_MODEL = 0x0110
IFD_GPS = 0x8825


def upload(data: bytes, name: str, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def photo(size=(64, 48), mode="RGB") -> Image.Image:
    """A small image with some structure (not one flat colour)."""
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(im)
    w, h = size
    draw.ellipse((w // 4, h // 4, 3 * w // 4, 3 * h // 4), fill=(200, 40, 40))
    draw.rectangle((0, 0, w // 5, h // 5), fill=(20, 90, 200))
    return im.convert(mode) if mode != "RGB" else im


def encode(im: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, fmt, **params)
    return buffer.getvalue()


# --- normal images -------------------------------------------------------------------------


@functools.cache
def jpeg_bytes(size=(64, 48)) -> bytes:
    return encode(photo(size), "JPEG", quality=90)


@functools.cache
def png_bytes(size=(64, 48)) -> bytes:
    return encode(photo(size), "PNG")


@functools.cache
def webp_bytes(size=(64, 48)) -> bytes:
    return encode(photo(size), "WEBP", quality=90)


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[TAG_MAKE] = CAMERA_MAKE
    exif[TAG_MODEL] = CAMERA_MODEL
    gps = exif.get_ifd(IFD_GPS)
    gps[1] = "N"  # GPSLatitudeRef
    gps[2] = (52.0, 31.0, 12.5)  # GPSLatitude (Berlin)
    gps[3] = "E"  # GPSLongitudeRef
    gps[4] = (13.0, 24.0, 36.25)  # GPSLongitude
    return exif


@functools.cache
def jpeg_with_gps_bytes() -> bytes:
    """JPEG with EXIF (Make, Model, GPS position), an XMP packet and a comment."""
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
        b'exif:GPSLatitude="52,31.2N"/></rdf:RDF></x:xmpmeta>'
    )
    return encode(
        photo(), "JPEG", quality=90, exif=gps_exif(), xmp=xmp, comment=b"Aufgenommen bei Anna"
    )


@functools.cache
def jpeg_rotated_bytes() -> bytes:
    """80×40 pixels stored, EXIF orientation 6: shown as 40×80 (portrait)."""
    exif = Image.Exif()
    exif[TAG_ORIENTATION] = 6
    return encode(photo((80, 40)), "JPEG", exif=exif)


@functools.cache
def jpeg_with_php_comment_bytes() -> bytes:
    return encode(photo(), "JPEG", comment=PHP_PAYLOAD)


@functools.cache
def png_with_php_appended_bytes() -> bytes:
    return png_bytes() + PHP_PAYLOAD


@functools.cache
def png_with_php_text_chunk_bytes() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", PHP_PAYLOAD.decode())
    return encode(photo(), "PNG", pnginfo=info)


@functools.cache
def rgba_png_bytes() -> bytes:
    """Real transparency: a transparent background around an opaque disc."""
    im = Image.new("RGBA", (64, 48), (0, 0, 0, 0))
    ImageDraw.Draw(im).ellipse((8, 8, 56, 40), fill=(30, 160, 60, 255))
    return encode(im, "PNG")


@functools.cache
def opaque_rgba_png_bytes() -> bytes:
    """An alpha channel that is 255 everywhere (e.g. a screenshot)."""
    return encode(photo(mode="RGBA"), "PNG")


@functools.cache
def palette_png_with_transparency_bytes() -> bytes:
    im = Image.new("P", (32, 32), 0)
    im.putpalette([255, 255, 255, 200, 0, 0] + [0] * (256 * 3 - 6))
    ImageDraw.Draw(im).rectangle((8, 8, 24, 24), fill=1)
    return encode(im, "PNG", transparency=0)


@functools.cache
def cmyk_jpeg_bytes() -> bytes:
    im = Image.new("CMYK", (64, 48), (0, 255, 255, 0))  # pure red in CMYK
    return encode(im, "JPEG", quality=95)


@functools.cache
def grey16_png_bytes() -> bytes:
    """16 bit greyscale, mid grey (32768 of 65535)."""
    return encode(Image.new("I;16", (32, 32), 32768), "PNG")


@functools.cache
def srgb_icc_jpeg_bytes() -> bytes:
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(photo(), "JPEG", icc_profile=icc)


@functools.cache
def large_jpeg_bytes(size=(3000, 1500)) -> bytes:
    return encode(photo(size), "JPEG", quality=75)


@functools.cache
def truncated_jpeg_bytes() -> bytes:
    data = encode(photo((256, 256)), "JPEG", quality=95)
    return data[: len(data) // 2]


@functools.cache
def png_with_bad_crc_bytes() -> bytes:
    data = bytearray(png_bytes())
    idat = data.index(b"IDAT")
    data[idat + 6] ^= 0xFF  # flip a byte inside the compressed data, CRC no longer matches
    return bytes(data)


# --- refused formats -----------------------------------------------------------------------

SVG_BYTES = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>\n'
)
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@functools.cache
def gif_bytes() -> bytes:
    return encode(photo(), "GIF")


@functools.cache
def fits_bytes() -> bytes:
    """A minimal valid FITS file (Pillow has a FITS decoder; it must never be reached)."""
    cards = [
        "SIMPLE  =                    T",
        "BITPIX  =                    8",
        "NAXIS   =                    2",
        "NAXIS1  =                   16",
        "NAXIS2  =                   16",
        "END",
    ]
    header = "".join(card.ljust(80) for card in cards).ljust(2880).encode("ascii")
    return header + bytes(16 * 16).ljust(2880, b"\0")


def oversized_bytes() -> bytes:
    """8 MB + 1 byte: a JPEG start followed by padding. Must be refused on ``size`` alone."""
    start = jpeg_bytes()[:20]
    return start + b"\0" * (8 * 1024 * 1024 + 1 - len(start))


# --- decompression bombs -------------------------------------------------------------------


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


@functools.cache
def blank_bilevel_png_bytes(width: int, height: int) -> bytes:
    """A valid all-black 1 bit PNG of any size, built chunk by chunk.

    Pillow would hold one byte per pixel for mode "1" (400 MB for 20000×20000); here only one
    block of scan lines (≤ ~2.5 MB) exists at a time and zlib squeezes the zeros ~1000:1.
    A 20000×20000 image is a ~48 KB file.
    """
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte "None" + packed pixels
    rows_per_block = max(1, (2 * 1024 * 1024) // len(row))
    compressor = zlib.compressobj(9)
    parts = []
    remaining = height
    while remaining:
        n = min(rows_per_block, remaining)
        parts.append(compressor.compress(row * n))
        remaining -= n
    parts.append(compressor.flush())
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", b"".join(parts))
        + _png_chunk(b"IEND", b"")
    )


def png_bomb_bytes() -> bytes:
    """20000×20000 = 400 Mpx; above 2 × Image.MAX_IMAGE_PIXELS, Pillow raises on open."""
    return blank_bilevel_png_bytes(20_000, 20_000)


def png_100mpx_bytes() -> bytes:
    """10000×10000 = 100 Mpx; Pillow only warns (DecompressionBombWarning)."""
    return blank_bilevel_png_bytes(10_000, 10_000)


def png_just_over_limit_bytes() -> bytes:
    """8001×5000 = 40,005,000 px: below Pillow's own limits, above ours (40 Mpx)."""
    return blank_bilevel_png_bytes(8_001, 5_000)
