"""Every upload a resident can make, against a corpus of attack files (issue 12, item 5B).

``tests/ideas/test_images.py`` checks ``ideas.images.clean_image`` file by file; here the
same kinds of files, and more, go through the real forms as a browser (or a hand-made
request) sends them: a multipart body built by hand, so the file name arrives exactly as the
attacker wrote it (Django's test client would strip directories from it). The surfaces:

- proposing an idea (``/ideen/neu/``, the preview step keeps the image in private media),
- editing one's idea (``/ideen/<pk>/bearbeiten/``, the image goes to the media directory),
- the Wagtail admin's image and document uploads, which residents, researchers and
  moderators cannot reach (only editors add images to pages).

For each file the form either answers 200 with a German error on the image field and keeps
what was typed, or accepts it and stores a re-encoded JPEG/WEBP under a random name, without
the attacker's bytes, name or path; never a 500, and nothing is written outside the media and
private media directories.
"""

from __future__ import annotations

import io
import mimetypes
import re
import secrets
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from ideas.images import MESSAGES
from ideas.models import Idea, PendingImage
from tests.factories import (
    EditorFactory,
    IdeaFactory,
    ModeratorFactory,
    ResearcherFactory,
    UserFactory,
    idea_form_data,
)
from tests.ideas import image_samples as samples

pytestmark = pytest.mark.django_db

TITLE = "Pegelsensoren an der Wupper"
SCRIPT = b"<script>alert(document.cookie)</script>"
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|webp)$")

#: What the image field may answer: the pipeline's messages and Django's own for empty files.
GERMAN_ERRORS = [str(message) for message in MESSAGES.values()] + [
    "Die übertragene Datei ist leer.",
    "Es wurde keine Datei übertragen.",
]


# --- The corpus -----------------------------------------------------------------------------


def jpeg(size=(64, 48), **params):
    return samples.encode(samples.photo(size), "JPEG", **params)


def jpeg_with_script_comment():
    """A polyglot: a valid JPEG whose COM segment is an HTML page."""
    return jpeg(comment=b"<html><body>" + SCRIPT + b"</body></html>")


def jpeg_with_html_after_eoi():
    return jpeg() + b"<html>" + SCRIPT + b"</html>"


def zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
        archive.writestr("Evil.class", b"\xca\xfe\xba\xbe")
    return buffer.getvalue()


def gifar():
    return samples.gif_bytes() + zip_bytes()


def jpeg_with_zip():
    return jpeg() + zip_bytes()


def pixel_flood_jpeg():
    """A 64×48 JPEG whose frame header claims 65500×65500 pixels (a few hundred bytes)."""
    data = bytearray(jpeg())
    sof = data.index(b"\xff\xc0")  # baseline frame; Pillow saves baseline unless progressive
    struct.pack_into(">HH", data, sof + 5, 65500, 65500)
    return bytes(data)


def animated_gif(frames=2000):
    images = [Image.new("P", (8, 8), i % 256) for i in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=10)
    return buffer.getvalue()


def animated(fmt, frames=300):
    images = [samples.photo((32, 24)).rotate(i) for i in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, fmt, save_all=True, append_images=images[1:], duration=10)
    return buffer.getvalue()


def iso_box(brand: bytes):
    """The ``ftyp`` box AVIF and HEIC files start with, plus a little junk."""
    return struct.pack(">I", 24) + b"ftyp" + brand + b"\0\0\0\0" + brand + b"mif1" + b"\0" * 64


def avif():
    try:
        return samples.encode(samples.photo(), "AVIF")
    except (KeyError, OSError):
        return iso_box(b"avif")


@dataclass(frozen=True)
class Attack:
    id: str
    data: object  # bytes or a callable giving them
    name: str
    content_type: str
    accepted: bool | None  # True: stored re-encoded; False: refused with a German error;
    # None: Django's multipart parser drops a file part whose name is nothing once cleaned

    def payload(self) -> bytes:
        return self.data() if callable(self.data) else self.data


ATTACKS = [
    # Scripts disguised as images.
    Attack("svg-script", samples.SVG_BYTES, "bild.svg", "image/svg+xml", False),
    Attack(
        "svg-onload",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "bild.svg",
        "image/svg+xml",
        False,
    ),
    Attack("svg-as-jpg", samples.SVG_BYTES, "bild.jpg", "image/jpeg", False),
    Attack("html-as-jpg", samples.HTML_BYTES, "bild.jpg", "image/jpeg", False),
    Attack("js-as-jpg", b"alert(document.cookie);//", "bild.jpg", "image/jpeg", False),
    Attack("php", samples.PHP_PAYLOAD, "shell.php", "application/x-php", False),
    Attack("php-double-extension", samples.PHP_PAYLOAD, "shell.php.jpg", "image/jpeg", False),
    Attack("pdf-as-jpg", samples.PDF_BYTES, "bild.jpg", "image/jpeg", False),
    Attack(
        "postscript-as-jpg",
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n(%pipe%id) (w) file\n",
        "bild.jpg",
        "image/jpeg",
        False,
    ),
    Attack(
        "xxe-as-png",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        "bild.png",
        "image/png",
        False,
    ),
    # Polyglots: valid images carrying something else. Accepted, and re-encoded without it.
    Attack("jpeg-script-in-comment", jpeg_with_script_comment, "bild.jpg", "image/jpeg", True),
    Attack("jpeg-html-after-eoi", jpeg_with_html_after_eoi, "bild.jpg", "image/jpeg", True),
    Attack("jpeg-php-in-comment", samples.jpeg_with_php_comment_bytes, "a.jpg", "image/jpeg", True),
    Attack("png-php-appended", samples.png_with_php_appended_bytes, "a.png", "image/png", True),
    Attack("png-php-text-chunk", samples.png_with_php_text_chunk_bytes, "a.png", "image/png", True),
    Attack("jpeg-zip-appended", jpeg_with_zip, "bild.jpg", "image/jpeg", True),
    Attack("gifar", gifar, "bild.gif", "image/gif", False),
    # Bombs and broken files.
    Attack("png-bomb-20000x20000", samples.png_bomb_bytes, "bombe.png", "image/png", False),
    Attack("png-just-over-40mpx", samples.png_just_over_limit_bytes, "b.png", "image/png", False),
    Attack("jpeg-pixel-flood", pixel_flood_jpeg, "flut.jpg", "image/jpeg", False),
    Attack("gif-2000-frames", animated_gif, "animiert.gif", "image/gif", False),
    Attack("apng-300-frames", lambda: animated("PNG"), "animiert.png", "image/png", True),
    Attack("webp-300-frames", lambda: animated("WEBP"), "animiert.webp", "image/webp", True),
    Attack("jpeg-truncated", samples.truncated_jpeg_bytes, "halb.jpg", "image/jpeg", False),
    Attack("png-bad-crc", samples.png_with_bad_crc_bytes, "kaputt.png", "image/png", False),
    Attack("zero-bytes", b"", "leer.jpg", "image/jpeg", False),
    Attack("one-byte", b"\xff", "ein.jpg", "image/jpeg", False),
    Attack("over-8-mb", samples.oversized_bytes, "gross.jpg", "image/jpeg", False),
    # Content-Type and extension say something else than the content.
    Attack("jpeg-sent-as-html", jpeg, "bild.html", "text/html", True),
    Attack("png-named-gif", samples.png_bytes, "bild.gif", "image/gif", True),
    # Formats that are not allowed.
    Attack("tiff", lambda: samples.encode(samples.photo(), "TIFF"), "b.tif", "image/tiff", False),
    Attack("bmp", lambda: samples.encode(samples.photo(), "BMP"), "b.bmp", "image/bmp", False),
    Attack("ico", lambda: samples.encode(samples.photo(), "ICO"), "b.ico", "image/x-icon", False),
    Attack("avif", avif, "b.avif", "image/avif", False),
    Attack("heic", lambda: iso_box(b"heic"), "b.heic", "image/heic", False),
    Attack("gif", samples.gif_bytes, "b.gif", "image/gif", False),
    Attack("fits", samples.fits_bytes, "b.jpg", "image/jpeg", False),
    # Allowed formats with metadata: GPS must go.
    Attack("jpeg-gps-exif", samples.jpeg_with_gps_bytes, "IMG_2031.jpg", "image/jpeg", True),
    Attack("webp", samples.webp_bytes, "b.webp", "image/webp", True),
    # File names.
    Attack("name-traversal", jpeg, "../../etc/passwd.jpg", "image/jpeg", True),
    Attack("name-traversal-windows", jpeg, "..\\..\\x.jpg", "image/jpeg", True),
    Attack("name-absolute", jpeg, "/etc/cron.d/x.jpg", "image/jpeg", True),
    Attack("name-null-byte", jpeg, "x.php\x00.jpg", "image/jpeg", True),
    Attack("name-300-chars", jpeg, "a" * 296 + ".jpg", "image/jpeg", True),
    Attack("name-rtl-override", jpeg, "foto\u202egpj.exe", "image/jpeg", True),
    Attack("name-html", jpeg, "<img src=x onerror=alert(1)>.jpg", "image/jpeg", True),
    Attack("name-windows-reserved", jpeg, "CON.jpg", "image/jpeg", True),
    Attack("name-only-dots", jpeg, "..", "image/jpeg", None),
]

#: Substrings that must not survive into a stored file.
FORBIDDEN_BYTES = [b"<script", b"<?php", b"<html", b"PK\x03\x04", b"GPS", b"Kamerawerk"]


def test_the_corpus_is_large_enough():
    assert len(ATTACKS) >= 30
    assert len({attack.id for attack in ATTACKS}) == len(ATTACKS)


# --- Sending as a browser does --------------------------------------------------------------


def multipart(fields: dict, attack: Attack) -> tuple[bytes, str]:
    """A multipart/form-data body with the file name exactly as given (quotes escaped the
    way browsers do)."""
    boundary = "----MitwirkenGrenze" + secrets.token_hex(8)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    filename = attack.name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
    parts.append(
        (
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="image"; filename="{filename}"\r\n'
            f"Content-Type: {attack.content_type}\r\n\r\n"
        ).encode()
        + attack.payload()
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post(client, url, fields, attack):
    body, content_type = multipart(fields, attack)
    return client.generic("POST", url, body, content_type=content_type)


@pytest.fixture
def roots(settings, tmp_path):
    """Media and private media in a fresh directory; anything else there is a leak."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path


def files_under(path: Path):
    return sorted(p for p in path.rglob("*") if p.is_file())


def assert_nothing_escaped(tmp_path: Path):
    for path in files_under(tmp_path):
        relative = path.relative_to(tmp_path)
        assert relative.parts[0] in ("media", "private"), relative
        assert STORED_NAME.match(path.name), relative


def assert_safe_stored(path: Path, attack: Attack):
    """A re-encoded image under a random name, served as image/* by its extension."""
    assert STORED_NAME.match(path.name), path
    assert mimetypes.guess_type(path.name)[0] in ("image/jpeg", "image/webp")
    data = path.read_bytes()
    for forbidden in FORBIDDEN_BYTES:
        assert forbidden not in data, (attack.id, forbidden)
    with Image.open(path) as image:
        assert image.format in ("JPEG", "WEBP")
        assert not image.getexif().get_ifd(0x8825)
        assert getattr(image, "n_frames", 1) == 1
    stem = Path(attack.name.replace("\\", "/")).stem
    if len(stem) > 3:
        assert stem not in str(path), (attack.id, path)


def assert_refused_in_german(response, attack: Attack):
    assert response.status_code == 200, (attack.id, response.status_code)
    body = response.content.decode()
    assert any(message in body for message in GERMAN_ERRORS), attack.id
    assert f'value="{TITLE}"' in body  # what was typed is kept


def assert_name_not_echoed(response, attack: Attack):
    body = response.content.decode()
    if "<" in attack.name or "\u202e" in attack.name:
        assert attack.name not in body, attack.id


# --- Proposing an idea (preview) ------------------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.id)
def test_propose_upload(client, roots, attack):
    resident = UserFactory()
    client.force_login(resident)
    fields = {**idea_form_data(title=TITLE, image_alt="Brücke"), "action": "preview"}
    response = post(client, "/ideen/neu/", fields, attack)
    assert_nothing_escaped(roots)
    assert_name_not_echoed(response, attack)
    kept = PendingImage.objects.filter(user=resident)
    if attack.accepted is None:
        assert response.status_code == 200
        assert not kept.exists()
        assert files_under(roots) == []
        return
    if not attack.accepted:
        assert_refused_in_german(response, attack)
        assert not kept.exists()
        assert files_under(roots) == []
        return
    assert response.status_code == 200, attack.id
    assert str(MESSAGES["invalid_format"]) not in response.content.decode()
    (pending,) = kept
    assert pending.file.name.startswith(f"ideas/pending/{resident.pk}/")
    (stored,) = files_under(roots / "private")
    assert_safe_stored(stored, attack)
    assert files_under(roots / "media") == []
    # Publishing moves it into the media directory, still under a random name.
    token = re.search(r'name="pending_image" value="([^"]+)"', response.content.decode())
    publish = {**fields, "action": "publish", "pending_image": token.group(1)}
    response = client.post("/ideen/neu/", publish)
    assert response.status_code == 302, attack.id
    idea = Idea.objects.get(author=resident)
    (published,) = files_under(roots / "media")
    assert idea.image.name.endswith(published.name)
    assert_safe_stored(published, attack)
    assert_nothing_escaped(roots)


# --- Editing one's idea ---------------------------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.id)
def test_edit_upload(client, roots, attack):
    idea = IdeaFactory(title=TITLE)
    client.force_login(idea.author)
    fields = {
        "title": TITLE,
        "text": idea.text,
        "summary_easy": "",
        "topic": idea.topic_id,
        "district": idea.district_id,
        "place": "",
        "image_alt": "Brücke",
    }
    response = post(client, reverse("ideas:edit", args=[idea.pk]), fields, attack)
    assert_nothing_escaped(roots)
    assert_name_not_echoed(response, attack)
    idea.refresh_from_db()
    if attack.accepted is None:
        assert response.status_code == 302  # saved, without an image
        assert not idea.image
        assert files_under(roots) == []
        return
    if not attack.accepted:
        assert_refused_in_german(response, attack)
        assert not idea.image
        assert files_under(roots) == []
        return
    assert response.status_code == 302, attack.id
    (stored,) = files_under(roots / "media")
    assert idea.image.name.startswith("ideas/")
    assert idea.image.name.endswith(stored.name)
    assert_safe_stored(stored, attack)


# --- The Wagtail admin's uploads ------------------------------------------------------------


def test_admin_uploads_are_for_editors_only(client, roots):
    from wagtail.documents.models import Document
    from wagtail.images.models import Image as WagtailImage

    svg = next(a for a in ATTACKS if a.id == "svg-script")
    urls = [
        reverse("wagtailimages:add_multiple"),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtailimages:add"),
        reverse("wagtaildocs:add"),
    ]
    for user in (UserFactory(), ResearcherFactory(), ModeratorFactory()):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in (302, 403), (user, url)
            response = post(client, url, {"title": "x"}, svg)
            assert response.status_code in (302, 403), (user, url)
    assert not WagtailImage.objects.exists()
    assert not Document.objects.exists()
    assert files_under(roots) == []
    # Nor change or delete the editors' images.
    from wagtail.images.tests.utils import get_test_image_file

    image = WagtailImage.objects.create(title="Rathaus", file=get_test_image_file())
    for user in (ResearcherFactory(), ModeratorFactory()):
        client.force_login(user)
        delete = reverse("wagtailimages:delete", args=[image.pk])
        assert client.post(delete).status_code in (302, 403)
        edit = reverse("wagtailimages:edit", args=[image.pk])
        assert client.post(edit, {"title": "Übernommen"}).status_code in (302, 403)
    assert WagtailImage.objects.get(pk=image.pk).title == "Rathaus"
    # Editors reach the form (the positive control).
    client.force_login(EditorFactory())
    assert client.get(reverse("wagtailimages:add")).status_code == 200
