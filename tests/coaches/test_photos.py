"""Coach photos reach families as fresh images: re-encoded without metadata, at most 1024 px a side,
under a random name; a file that is not an image is refused on the form."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from coaches.photos import MAX_SIDE, photo_reencode
from coaches.services import CoachError
from tests.coaches.factories import CoachFactory
from tests.coaches.test_admin_writes import _coach_page

ARTIST = 0x013B
GPS_INFO = 0x8825


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _jpeg_with_exif(size=(2000, 1500), name="shell.php.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[ARTIST] = "Jan Peeters"
    exif[GPS_INFO] = {1: "N", 2: (50.0, 57.0, 55.0), 3: "E", 4: (5.0, 30.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _upload(client, coordinator, coach, photo):
    client.force_login(coordinator)
    url, data = _coach_page(client, coach)
    return client.post(url, {**data, "photo": photo})


def test_the_test_photo_really_carries_exif():
    with Image.open(_jpeg_with_exif()) as image:
        assert image.getexif()[ARTIST] == "Jan Peeters"


def test_a_photo_uploaded_in_the_admin_is_stored_without_exif_under_a_random_jpg_name(
    client, coordinator, city
):
    coach = CoachFactory(city=city)

    assert _upload(client, coordinator, coach, _jpeg_with_exif()).status_code == 302

    coach.refresh_from_db()
    assert re.fullmatch(r"coaches/[0-9a-f]{32}\.jpg", coach.photo.name)
    assert "shell" not in coach.photo.name and "php" not in coach.photo.name
    with Image.open(coach.photo.path) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == MAX_SIDE
        assert not stored.getexif()
        assert "exif" not in stored.info


def test_a_text_file_named_jpg_is_refused_with_a_form_error(client, coordinator, city):
    coach = CoachFactory(city=city)
    fake = SimpleUploadedFile("photo.jpg", b"<?php system($_GET['c']); ?>", content_type="image/jpeg")

    response = _upload(client, coordinator, coach, fake)

    assert response.status_code == 200
    assert "photo" in response.context["adminform"].form.errors
    coach.refresh_from_db()
    assert not coach.photo


def test_the_helper_refuses_what_pillow_cannot_open():
    with pytest.raises(CoachError):
        photo_reencode(SimpleUploadedFile("notes.jpg", b"just some text"))


def test_a_transparent_image_stays_transparent_as_a_png():
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(buffer, format="PNG")

    stored = photo_reencode(SimpleUploadedFile("logo.png", buffer.getvalue()))

    assert stored.name.endswith(".png")
    with Image.open(stored) as image:
        assert image.mode == "RGBA" and image.size == (300, 200)
