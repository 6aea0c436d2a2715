"""Coach photos as families see them: re-encoded by Pillow, so that no upload keeps its metadata (EXIF:
GPS position, camera, author), its original file name or any bytes that are not the picture itself."""

import io
import uuid

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .services.errors import CoachError

MAX_SIDE = 1024
# A photo larger than this is refused before it is decoded: a small file can unpack into gigabytes.
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85


def _has_transparency(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def photo_reencode(upload) -> ContentFile:
    """The photo as a fresh JPEG (PNG when it has transparency) of at most MAX_SIDE pixels a side, with
    no metadata, under a random name; CoachError when Pillow cannot read the file as an image."""
    refused = CoachError(_("Upload a photo (a JPEG or PNG image)."))
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise refused
            image.load()
            # the camera's orientation tag is applied to the pixels before every tag is dropped
            upright = ImageOps.exif_transpose(image)
            transparent = _has_transparency(upright)
            upright = upright.convert("RGBA" if transparent else "RGB")
            upright.thumbnail((MAX_SIDE, MAX_SIDE))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise refused from None
    # Only the pixels are copied into a new image: nothing of the upload's `info` can reach the file.
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    buffer = io.BytesIO()
    if transparent:
        clean.save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        clean.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
