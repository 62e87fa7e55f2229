"""ideas.images: every upload is refused with a clear German message or stored re-encoded."""

from __future__ import annotations

import io
import re
import struct
import warnings

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from ideas import images
from ideas.images import MAX_EDGE, MAX_UPLOAD_BYTES, clean_image, describe_limits
from tests.ideas import image_samples as samples

MSG_TOO_LARGE = "Das Bild ist zu groß (höchstens 8 MB). Bitte wählen Sie eine kleinere Datei."
MSG_FORMAT = "Bitte laden Sie ein Foto im Format JPEG, PNG oder WEBP hoch."
MSG_PIXELS = "Das Bild hat zu viele Bildpunkte (höchstens 40 Megapixel)."
MSG_CORRUPT = "Die Bilddatei ist beschädigt oder unvollständig. Bitte wählen Sie eine andere Datei."
RANDOM_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|webp)$")


def refused(upload) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload)
    return excinfo.value


def assert_refused(upload, code: str, message: str) -> None:
    error = refused(upload)
    assert error.code == code
    assert error.messages == [message]


def stored(upload) -> tuple[ContentFile, bytes, Image.Image]:
    result = clean_image(upload)
    assert isinstance(result, ContentFile)
    data = result.read()
    image = Image.open(io.BytesIO(data))
    image.load()
    return result, data, image


def assert_no_metadata(image: Image.Image, data: bytes) -> None:
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    assert "xmp" not in image.info
    assert "icc_profile" not in image.info
    assert "comment" not in image.info
    assert b"Exif\x00\x00" not in data
    assert b"http://ns.adobe.com/xap/1.0/" not in data


# --- refused ---------------------------------------------------------------------------------


class _SizeSpy:
    """An upload whose size is too large; reading it would be a failure of the check."""

    size = MAX_UPLOAD_BYTES + 1

    def read(self, *args):
        raise AssertionError("read before the size check")

    def seek(self, *args):
        raise AssertionError("seek before the size check")


def test_too_large_is_refused_before_reading():
    assert_refused(_SizeSpy(), "too_large", MSG_TOO_LARGE)


def test_oversized_file_is_refused():
    upload = samples.upload(samples.oversized_bytes(), "urlaub.jpg")
    assert upload.size == 8 * 1024 * 1024 + 1
    assert_refused(upload, "too_large", MSG_TOO_LARGE)


def test_exactly_8_mb_passes_the_size_check():
    # Only the size check: zeros are no image. (A JPEG start padded with zeros would also be
    # refused, but Pillow scans the padding for markers for ~0.5 s.)
    data = bytes(MAX_UPLOAD_BYTES)
    assert len(data) == MAX_UPLOAD_BYTES
    assert refused(samples.upload(data, "urlaub.jpg")).code == "invalid_format"


def test_size_that_lies_is_caught_while_reading():
    upload = samples.upload(samples.oversized_bytes(), "urlaub.jpg")
    upload.size = 1000
    assert_refused(upload, "too_large", MSG_TOO_LARGE)


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        pytest.param(samples.SVG_BYTES, "bild.svg", "image/svg+xml", id="svg"),
        pytest.param(samples.SVG_BYTES, "bild.png", "image/png", id="svg-named-png"),
        pytest.param(samples.HTML_BYTES, "evil.png", "image/png", id="html-named-png"),
        pytest.param(samples.PDF_BYTES, "plan.pdf", "application/pdf", id="pdf"),
        pytest.param(samples.PHP_PAYLOAD, "shell.php.jpg", "image/jpeg", id="php"),
        pytest.param(b"", "leer.jpg", "image/jpeg", id="empty"),
        pytest.param(samples.jpeg_bytes()[:10], "kurz.jpg", "image/jpeg", id="header-only"),
    ],
)
def test_non_images_are_refused(data, name, content_type):
    assert_refused(samples.upload(data, name, content_type), "invalid_format", MSG_FORMAT)


def test_gif_is_refused():
    assert_refused(samples.upload(samples.gif_bytes(), "a.gif"), "invalid_format", MSG_FORMAT)


def test_fits_decoder_is_never_reached():
    data = samples.fits_bytes()
    assert Image.open(io.BytesIO(data)).format == "FITS"  # Pillow would decode it
    assert_refused(samples.upload(data, "stern.png"), "invalid_format", MSG_FORMAT)


@pytest.mark.parametrize(
    "make",
    [samples.truncated_jpeg_bytes, samples.png_with_bad_crc_bytes],
    ids=["truncated-jpeg", "png-bad-crc"],
)
def test_damaged_files_are_refused(make):
    assert_refused(samples.upload(make(), "kaputt.jpg"), "invalid_format", MSG_CORRUPT)


def test_png_bomb_20000x20000_is_refused_with_a_clear_message():
    data = samples.png_bomb_bytes()
    assert len(data) < 100_000  # a tiny file ...
    assert struct.unpack(">II", data[16:24]) == (20_000, 20_000)  # ... announcing 400 Mpx (IHDR)
    assert_refused(samples.upload(data, "bombe.png", "image/png"), "too_many_pixels", MSG_PIXELS)


def test_png_with_100_megapixels_is_refused_not_just_warned():
    data = samples.png_100mpx_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no DecompressionBombWarning may escape
        assert_refused(samples.upload(data, "gross.png"), "too_many_pixels", MSG_PIXELS)


def test_just_over_40_megapixels_is_refused_by_our_own_check():
    data = samples.png_just_over_limit_bytes()  # 40,005,000 px: Pillow itself does not mind
    assert_refused(samples.upload(data, "gross.png"), "too_many_pixels", MSG_PIXELS)


def test_pixel_limit_does_not_depend_on_pillows_global_limit(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    for data in (samples.png_bomb_bytes(), samples.png_100mpx_bytes()):
        assert_refused(samples.upload(data, "bombe.png"), "too_many_pixels", MSG_PIXELS)


def test_pillow_global_state_is_left_alone():
    limit = Image.MAX_IMAGE_PIXELS
    filters = list(warnings.filters)
    refused(samples.upload(samples.png_100mpx_bytes(), "gross.png"))
    clean_image(samples.upload(samples.jpeg_bytes(), "a.jpg"))
    assert limit == Image.MAX_IMAGE_PIXELS
    assert warnings.filters == filters


def test_pixel_limit_boundary(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 64 * 48)
    clean_image(samples.upload(samples.jpeg_bytes((64, 48)), "a.jpg"))
    assert refused(samples.upload(samples.jpeg_bytes((65, 48)), "a.jpg")).code == (
        "too_many_pixels"
    )


# --- stored clean ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (samples.jpeg_bytes, "foto.jpg"),
        (samples.png_bytes, "foto.png"),
        (samples.webp_bytes, "foto.webp"),
    ],
)
def test_normal_images_are_accepted_as_jpeg(make, name):
    result, data, image = stored(samples.upload(make(), name))
    assert image.format == "JPEG"
    assert image.mode == "RGB"
    assert image.size == (64, 48)
    assert result.name.endswith(".jpg")
    assert data.startswith(b"\xff\xd8")
    assert_no_metadata(image, data)
    # The picture itself survives: the red disc in the middle stays red.
    r, g, b = image.getpixel((32, 24))
    assert r > 150 and g < 100 and b < 100


def test_gps_exif_is_removed():
    original = Image.open(io.BytesIO(samples.jpeg_with_gps_bytes()))
    exif = original.getexif()
    assert exif[samples.TAG_MAKE] == samples.CAMERA_MAKE
    assert exif.get_ifd(samples.IFD_GPS)[1] == "N"  # the sample really carries a position

    _, data, image = stored(samples.upload(samples.jpeg_with_gps_bytes(), "IMG_0042.jpg"))
    assert_no_metadata(image, data)
    assert image.getexif().get_ifd(samples.IFD_GPS) == {}
    for secret in (samples.CAMERA_MAKE, samples.CAMERA_MODEL, "Aufgenommen bei Anna", "52,31"):
        assert secret.encode() not in data


def test_exif_orientation_is_applied_then_dropped():
    _, data, image = stored(samples.upload(samples.jpeg_rotated_bytes(), "hoch.jpg"))
    assert image.size == (40, 80)
    assert_no_metadata(image, data)


@pytest.mark.parametrize(
    "make",
    [
        samples.png_with_php_appended_bytes,
        samples.png_with_php_text_chunk_bytes,
        samples.jpeg_with_php_comment_bytes,
    ],
    ids=["appended-to-png", "png-text-chunk", "jpeg-comment"],
)
def test_php_payload_does_not_survive(make):
    assert samples.PHP_PAYLOAD in make()
    _, data, _ = stored(samples.upload(make(), "bild.php.png"))
    assert samples.PHP_PAYLOAD not in data
    assert b"<?php" not in data


def test_output_name_is_random_and_never_the_residents_name():
    upload_name = "Anna_Mueller_Hinterhof.jpg"
    first = clean_image(samples.upload(samples.jpeg_bytes(), upload_name))
    second = clean_image(samples.upload(samples.jpeg_bytes(), upload_name))
    assert RANDOM_NAME.match(first.name)
    assert RANDOM_NAME.match(second.name)
    assert first.name != second.name
    assert "Anna" not in first.name and "Hinterhof" not in first.name


def test_large_image_is_downsized_to_the_max_edge():
    assert MAX_EDGE == 2400
    _, _, image = stored(samples.upload(samples.large_jpeg_bytes(), "panorama.jpg"))
    assert image.size == (2400, 1200)


def test_transparent_png_becomes_webp_with_alpha():
    result, data, image = stored(samples.upload(samples.rgba_png_bytes(), "logo.png"))
    assert result.name.endswith(".webp")
    assert image.format == "WEBP"
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 0  # transparent corner
    assert image.getpixel((32, 24))[3] == 255  # opaque disc
    assert_no_metadata(image, data)


def test_palette_png_with_transparency_becomes_webp_with_alpha():
    result, _, image = stored(
        samples.upload(samples.palette_png_with_transparency_bytes(), "icon.png")
    )
    assert result.name.endswith(".webp")
    assert image.getpixel((0, 0))[3] == 0
    assert image.getpixel((16, 16))[3] == 255


def test_opaque_rgba_png_becomes_jpeg():
    result, _, image = stored(samples.upload(samples.opaque_rgba_png_bytes(), "screen.png"))
    assert result.name.endswith(".jpg")
    assert image.mode == "RGB"


def test_cmyk_jpeg_becomes_rgb():
    _, _, image = stored(samples.upload(samples.cmyk_jpeg_bytes(), "druck.jpg"))
    assert image.mode == "RGB"
    r, g, b = image.getpixel((32, 24))
    assert r > 200 and g < 60 and b < 60


def test_16_bit_grey_png_is_scaled_not_clipped():
    _, _, image = stored(samples.upload(samples.grey16_png_bytes(), "grau.png"))
    assert image.mode == "L"
    assert 120 <= image.getpixel((16, 16)) <= 135


def test_icc_profile_is_applied_and_dropped():
    _, data, image = stored(samples.upload(samples.srgb_icc_jpeg_bytes(), "farbe.jpg"))
    assert_no_metadata(image, data)


def test_reading_starts_at_the_beginning_of_the_file():
    upload = samples.upload(samples.jpeg_bytes(), "foto.jpg")
    upload.read()  # e.g. a form field already looked at it
    clean_image(upload)


def test_describe_limits():
    assert str(describe_limits()) == (
        "JPEG, PNG oder WEBP, höchstens 8 MB und 40 Megapixel. Ortsdaten (GPS) und andere "
        "Metadaten werden beim Hochladen entfernt."
    )
