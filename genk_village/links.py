"""Links that leave the site: an e-mail or a text message is read outside any request, so every link
in it carries the site's address (SITE_URL), never a bare path."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """The full address of a path of this site, e.g. "/coach/" → "https://genk.example.org/coach/"."""
    return settings.SITE_URL.rstrip("/") + path
