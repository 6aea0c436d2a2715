"""The installable app: the web app manifest and the coach's service worker.

Both are public: they hold no personal data, and a browser fetches them outside any page's session
rules (the manifest without cookies in some browsers, the worker on its own update schedule).
"""

import hashlib
import json

from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from .permissions import public

THEME_COLOUR = "#0b5cad"  # --accent in static/css/site.css
BACKGROUND_COLOUR = "#ffffff"  # --paper
# What the worker keeps for offline use: the stylesheets and script of the coach's pages.
OFFLINE_ASSETS = ["css/site.css", "css/coach.css", "js/coach-offline.js"]


@public
@require_safe
def manifest(request):
    """The web app manifest: the coach's pages install as an app that opens on /coach/. HEAD is
    allowed: the coach's page script asks it whether the server can be reached before a post."""
    icons = [
        {"src": static(f"icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ] + [
        {
            "src": static(f"icons/icon-maskable-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "maskable",
        }
        for size in (192, 512)
    ]
    document = {
        "name": "Genk Village",
        "short_name": "Genk Village",
        "description": _("Your family, contacts and challenges as a Genk Village coach."),
        "lang": "nl",
        "start_url": reverse("coaches:home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": icons,
    }
    response = JsonResponse(document, content_type="application/manifest+json")
    patch_cache_control(response, public=True, max_age=24 * 3600)
    return response


@public
@require_GET
def service_worker(request):
    """The coach's service worker, served from /coach/ so that its scope covers every coach page."""
    assets = [static(path) for path in OFFLINE_ASSETS]
    shell = reverse("coaches:contact_new")
    # A new cache name whenever an asset's URL changes (hashed names in production): old caches go.
    version = hashlib.sha256(json.dumps([assets, shell]).encode()).hexdigest()[:12]
    config = json.dumps({"cache": f"genk-coach-{version}", "assets": assets, "shell": shell})
    response = render(
        request, "pwa/coach-sw.js", {"config": config}, content_type="text/javascript; charset=utf-8"
    )
    # The browser checks for a new worker on every visit; an intermediate cache must not stall that.
    patch_cache_control(response, no_cache=True)
    return response
