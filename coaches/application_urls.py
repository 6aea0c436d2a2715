"""A volunteer's online application to become a coach (/coach-application/)."""

from django.urls import path

from . import proposals

app_name = "coach_application"
urlpatterns = [
    path("", proposals.coach_application, name="apply"),
    path("thanks/", proposals.coach_application_thanks, name="thanks"),
]
