"""Images of proposals not published yet cannot fill the disk: they count against a quota per
account, have no public URL (the preview shows them to their uploader only), go after a day
and go with the account (issues 12 and 13)."""

import re
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from ideas.models import Idea, PendingImage
from participation.storage import private_storage
from tests.accounts.conftest import FACTORY_PASSWORD
from tests.factories import idea_form_data
from tests.ideas.image_samples import jpeg_with_gps_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_directory(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def preview(client, token="", **fields):
    data = {**idea_form_data(image_alt="Brücke über die Wupper", **fields), "action": "preview"}
    data["image"] = upload(jpeg_with_gps_bytes(), "IMG_2031.jpg")
    if token:
        data["pending_image"] = token
    return client.post("/ideen/neu/", data)


def token_of(response):
    match = re.search(r'name="pending_image" value="([^"]+)"', response.content.decode())
    return match.group(1) if match else ""


def stored_files():
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file())


def test_previews_count_against_the_quota_and_the_refusal_keeps_the_input(
    client, resident, settings
):
    settings.PENDING_IMAGES_PER_ACCOUNT = 2
    client.force_login(resident)
    for _ in range(2):
        assert token_of(preview(client))
    assert PendingImage.objects.filter(user=resident).count() == 2

    refused = preview(client, title="Trinkbrunnen am Laurentiusplatz")
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Sie haben schon 2 Bilder für Vorschläge zwischengespeichert" in html
    assert 'value="Trinkbrunnen am Laurentiusplatz"' in html  # what was typed stays
    assert PendingImage.objects.filter(user=resident).count() == 2
    assert len(stored_files()) == 2


def test_a_new_image_in_the_same_proposal_replaces_the_kept_one(client, resident, settings):
    settings.PENDING_IMAGES_PER_ACCOUNT = 2
    client.force_login(resident)
    token = token_of(preview(client))
    for _ in range(3):
        token = token_of(preview(client, token=token))
        assert token
    assert PendingImage.objects.filter(user=resident).count() == 1
    assert len(stored_files()) == 1


def test_another_accounts_token_gives_nothing(client, resident):
    from tests.factories import UserFactory

    client.force_login(resident)
    token = token_of(preview(client))
    client.force_login(UserFactory())
    data = {**idea_form_data(image_alt="Bild"), "action": "publish", "pending_image": token}
    client.post("/ideen/neu/", data)
    assert not Idea.objects.exclude(author=resident).filter(image__gt="").exists()
    assert PendingImage.objects.filter(user=resident).count() == 1


def test_the_kept_image_is_never_under_the_served_media_directory(client, resident):
    client.force_login(resident)
    preview(client)
    image = PendingImage.objects.get(user=resident)
    path = Path(image.file.path).resolve()
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert "IMG_2031" not in image.file.name  # the person's file name is not kept
    with pytest.raises(ValueError):
        private_storage.url(image.file.name)
    assert client.get(f"{settings.MEDIA_URL}{image.file.name}").status_code == 404


def test_publishing_moves_the_image_into_the_idea_and_deletes_the_kept_one(client, resident):
    client.force_login(resident)
    token = token_of(preview(client))
    data = {
        **idea_form_data(image_alt="Brücke über die Wupper"),
        "action": "publish",
        "pending_image": token,
    }
    client.post("/ideen/neu/", data)
    assert Idea.objects.get(author=resident).image
    assert not PendingImage.objects.exists()
    assert stored_files() == []


def test_the_daily_job_deletes_images_older_than_a_day(client, resident, capsys):
    client.force_login(resident)
    preview(client)
    preview(client)
    old, new = PendingImage.objects.order_by("pk")
    PendingImage.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(hours=25))

    call_command("run_daily")

    assert list(PendingImage.objects.all()) == [new]
    assert stored_files() == [Path(new.file.path)]
    assert "pending_images_deleted=1" in capsys.readouterr().out


def test_deleting_the_account_deletes_its_kept_images(client, resident):
    client.force_login(resident)
    preview(client)
    assert len(stored_files()) == 1

    client.post("/konto/loeschen/", {"password": FACTORY_PASSWORD})

    assert not PendingImage.objects.exists()
    assert stored_files() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    not settings.IS_POSTGRES, reason="needs PostgreSQL: real concurrent connections"
)
def test_parallel_previews_stop_exactly_at_the_quota(settings):
    from tests.factories import UserFactory
    from tests.ideas.test_concurrency import logged_in_client, run_together

    settings.PENDING_IMAGES_PER_ACCOUNT = 3
    resident = UserFactory()
    clients = [logged_in_client(resident) for _ in range(10)]

    run_together([lambda client=client: preview(client).status_code for client in clients])

    assert PendingImage.objects.filter(user=resident).count() == 3
    assert len(stored_files()) == 3


def preview_image_url(response):
    match = re.search(
        r'<img src="(/ideen/neu/bild/[^"]+/)" alt="([^"]*)"', response.content.decode()
    )
    assert match, "the preview shows no image"
    return unescape(match.group(1)), unescape(match.group(2))


def test_the_preview_shows_the_kept_image_to_its_uploader_only(client, resident):
    from tests.factories import UserFactory

    client.force_login(resident)
    response = preview(client)
    assert "Mit Bild:" not in response.content.decode()
    url, alt = preview_image_url(response)
    assert alt == "Brücke über die Wupper"

    shown = client.get(url)
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/jpeg"
    assert "no-store" in shown["Cache-Control"]
    stored = PendingImage.objects.get(user=resident)
    assert b"".join(shown.streaming_content) == Path(stored.file.path).read_bytes()

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_a_forged_or_expired_preview_image_address_shows_nothing(client, resident):
    client.force_login(resident)
    url, _alt = preview_image_url(preview(client))
    assert client.get(url[:-3] + "xx/").status_code == 404
    PendingImage.objects.update(created=timezone.now() - timedelta(hours=25))
    assert client.get(url).status_code == 404
