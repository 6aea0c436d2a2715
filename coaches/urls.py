from django.urls import path

from . import notification_views, support_views, views

app_name = "coaches"
urlpatterns = [
    path("", views.home, name="home"),
    path("family/<int:family_id>/", views.family_switch, name="family_switch"),
    path("goals/<int:pk>/", views.goal_edit, name="goal_edit"),
    path("contact/", views.contact_new, name="contact_new"),
    path("check-in/", support_views.check_in, name="check_in"),
    path("challenges/", views.challenge_list, name="challenge_list"),
    path("challenges/new/", views.challenge_new, name="challenge_new"),
    path("challenges/<int:pk>/", views.challenge_detail, name="challenge_detail"),
    path("challenges/<int:pk>/edit/", views.challenge_edit_view, name="challenge_edit"),
    path("challenges/<int:pk>/confirm/", views.challenge_confirm_view, name="challenge_confirm"),
    path("challenges/<int:pk>/cancel/", views.challenge_cancel_view, name="challenge_cancel"),
    path("offers/", views.offer_list, name="offer_list"),
    path("offers/new/", views.offer_new, name="offer_new"),
    path("offers/<int:pk>/withdraw/", views.offer_withdraw_view, name="offer_withdraw"),
    path("offers/<int:pk>/given/", views.offer_given_view, name="offer_given"),
    path("questions/", views.question_list, name="question_list"),
    path("questions/new/", views.question_new, name="question_new"),
    path("notifications/", notification_views.notifications, name="notifications"),
]
