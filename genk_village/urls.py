from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("referrals/", include("families.urls")),
    path("challenges/", include("challenges.urls")),
    path("coach/", include("coaches.urls")),
    path("proposals/", include("coaches.proposal_urls")),
    path("coach-application/", include("coaches.application_urls")),
    path("monitoring/", include("monitoring.urls")),
    path("api/v1/", include(("genk_village.api_urls", "api"))),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
