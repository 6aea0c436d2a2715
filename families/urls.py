from django.urls import path

from . import views

app_name = "families"
urlpatterns = [
    path("", views.referral_list, name="referral_list"),
    path("new/", views.referral_new, name="referral_new"),
]
