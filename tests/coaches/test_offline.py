"""The coach's pages as an installable app: the manifest, the service worker, and a contact-log draft
that waits on the phone while the network is down and is sent once it is back."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from coaches.models import ContactLog
from tests.browser import assert_accessible, sign_in

PHONE = {"width": 360, "height": 740}


@pytest.mark.django_db
def test_the_manifest_is_json_whose_icons_exist_in_their_sizes(client, settings):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["start_url"], manifest["display"], manifest["lang"]) == ("/coach/", "standalone", "nl")
    assert manifest["name"] and manifest["short_name"] and manifest["theme_color"] == "#0b5cad"
    purposes = set()
    for icon in manifest["icons"]:
        found = finders.find(icon["src"].removeprefix(settings.STATIC_URL).removeprefix("/static/"))
        assert found, f"{icon['src']} is not a static file"
        with Image.open(found) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"] and image.format == "PNG"
        purposes.add((icon["sizes"], icon.get("purpose", "any")))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes


@pytest.mark.django_db
def test_the_service_worker_is_javascript_served_within_the_coach_pages(client):
    url = reverse("coach_service_worker")
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    # A worker's scope is its own folder: it must sit under /coach/ to see the coach's pages.
    assert url.startswith(reverse("coaches:home"))
    body = response.content.decode()
    assert '"shell": "/coach/contact/"' in body and "js/coach-offline.js" in body
    assert 'addEventListener("fetch"' in body


def test_coach_pages_link_the_manifest_and_a_deferred_script(client, coach):
    client.force_login(coach)
    page = client.get(reverse("coaches:contact_new")).content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'js/coach-offline.js" defer' in page
    assert '<form method="post" data-offline-draft>' in page
    # The strict Content-Security-Policy stays: no inline script anywhere on the page.
    assert "<script>" not in page


DRAFTS = "Object.keys(localStorage).filter(key => key.includes('contact-draft'))"


def _fails_posts(route):
    if route.request.method == "POST":
        route.abort("internetdisconnected")
    else:
        route.continue_()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
# Chromium's offline emulation does not reach a service worker's own fetches; without the worker the
# page script alone is under test, as on a phone whose network is really gone. The worker is below.
@pytest.mark.browser_context_args(service_workers="block")
def test_a_contact_written_offline_is_kept_on_the_phone_and_sent_when_online(
    page, context, live_server, coach
):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, coach.email)
    page.goto(f"{live_server.url}/coach/contact/")
    settings = page.locator("script[data-saved]")
    saved, sent = settings.get_attribute("data-saved"), settings.get_attribute("data-sent")
    notice = page.locator("#offline-notice")

    context.set_offline(True)
    page.check("label[for=id_kind_2]")  # phone call
    page.fill("#id_duration_minutes", "15")
    page.fill("#id_note", "Talked about the swimming club")
    page.click("main button[type=submit]")

    expect(notice).to_have_text(saved)
    assert not ContactLog.objects.exists()
    assert page.evaluate(DRAFTS) != []
    assert_accessible(page)

    # Back online, but the post still cannot get through: the draft stays, and the form page fills
    # itself with it on the next visit.
    page.route("**/coach/contact/", _fails_posts)
    with page.expect_event("requestfailed"):
        context.set_offline(False)
    page.reload()
    expect(page.locator("#id_note")).to_have_value("Talked about the swimming club")
    expect(page.locator("#id_kind_2")).to_be_checked()
    expect(page.locator("#id_duration_minutes")).to_have_value("15")
    expect(notice).to_have_text(saved)
    assert not ContactLog.objects.exists()

    # The network is back for real: the draft is sent once, and forgotten.
    page.unroute("**/coach/contact/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(notice).to_have_text(sent)
    contact = ContactLog.objects.get()
    assert (contact.kind, contact.duration_minutes, contact.note, contact.author_id) == (
        "phone",
        15,
        "Talked about the swimming club",
        coach.pk,
    )
    assert page.evaluate(DRAFTS) == []
    expect(page.locator("#id_note")).to_have_value("")

    # A later visit sends nothing again.
    page.reload()
    expect(page.locator("h1")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert ContactLog.objects.count() == 1


def _wait_until_the_worker_controls(page) -> None:
    """A new worker takes the page over when it activates; on a loaded machine that can come after the
    page's own load, so once the worker is ready a reload puts the page under it for certain."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_service_worker_keeps_the_contact_page_until_the_coach_signs_out(page, live_server, coach):
    sign_in(page, live_server.url, coach.email)
    page.goto(f"{live_server.url}/coach/contact/")
    _wait_until_the_worker_controls(page)
    kept = """async () => {
        const names = (await caches.keys()).filter(name => name.startsWith('genk-coach-'));
        const urls = [];
        for (const name of names) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
        }
        return urls.sort();
    }"""
    expect(page.locator("h1")).to_be_visible()
    urls = page.evaluate(kept)
    assert "/coach/contact/" in urls
    assert any(url.endswith(".css") for url in urls) and any("coach-offline" in url for url in urls)

    page.click('form[action="/accounts/logout/"] button')  # sign out
    page.wait_for_url("**/accounts/login/**")
    page.wait_for_function(f"async () => ({kept})().then(urls => urls.length === 0)")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_online_the_contact_form_posts_as_without_javascript(page, live_server, coach):
    sign_in(page, live_server.url, coach.email)
    page.goto(f"{live_server.url}/coach/contact/")
    page.check("label[for=id_kind_1]")
    page.fill("#id_note", "Coffee at the school gate")
    page.click("main button[type=submit]")

    page.wait_for_url("**/coach/")
    expect(page.locator(".messages .success")).to_be_visible()
    assert ContactLog.objects.get().note == "Coffee at the school gate"
    assert page.evaluate(DRAFTS) == []
