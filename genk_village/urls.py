from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from supporters import phone_views

from . import calendar_views, language, pwa, views
from .tokens import views as tokens_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("language/", language.language_switch, name="language_switch"),
    path("admin/", admin.site.urls),
    path(
        "accounts/sign-out-everywhere/", tokens_views.sign_out_everywhere, name="account_sign_out_everywhere"
    ),
    path("accounts/calendar/", calendar_views.calendar_page, name="calendar"),
    path("accounts/phone/", phone_views.phone, name="phone"),
    # The secret address of a person's calendar: no session, a calendar app fetches it.
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("accounts/", include("allauth.urls")),
    path("referrals/", include("families.urls")),
    path("challenges/", include("challenges.urls")),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    # Served from /coach/ so that the worker's scope is the coach's pages.
    path("coach/sw.js", pwa.service_worker, name="coach_service_worker"),
    path("coach/activities/", include("leisure.urls")),
    path("coach/", include("coaches.urls")),
    path("proposals/", include("coaches.proposal_urls")),
    path("coach-application/", include("coaches.application_urls")),
    path("monitoring/", include("monitoring.urls")),
    path("api/v1/", include(("genk_village.api_urls", "api"))),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
