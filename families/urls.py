from django.urls import path

from . import views

app_name = "families"
urlpatterns = [
    path("", views.referral_list, name="referral_list"),
    path("new/", views.referral_new, name="referral_new"),
    path("<int:pk>/edit/", views.referral_edit, name="referral_edit"),
]
