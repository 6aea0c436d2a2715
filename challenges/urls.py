from django.urls import path

from supporters import views as supporter_views

from . import conversation_views, views

app_name = "challenges"
urlpatterns = [
    path("", views.board, name="board"),
    path("<int:pk>/claim/", views.claim, name="claim"),
    path("<int:pk>/pledge/", views.pledge, name="pledge"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/release/", views.release, name="release"),
    path("<int:pk>/deliver/", views.deliver, name="deliver"),
    path("<int:pk>/report/", views.report, name="report"),
    # The hand-over conversation: the claimant's page; the coach writes here too, from the challenge page.
    path("<int:pk>/conversation/", conversation_views.conversation_page, name="conversation"),
    path(
        "<int:pk>/conversation/<int:message_pk>/accept/",
        conversation_views.proposal_accept,
        name="conversation_accept",
    ),
    # A supporter's own pages live beside the board: /challenges/ is the one place for everything they do.
    path("me/", views.progress, name="progress"),
    path("profile/", supporter_views.profile, name="profile"),
    path("profile/members/", supporter_views.member_add, name="member_add"),
    path("profile/invitations/<int:pk>/", supporter_views.invitation, name="invitation"),
    path("notifications/", supporter_views.notifications, name="notifications"),
    path("offers/", views.offers, name="offers"),
    path("offers/<int:pk>/answer/", views.offer_answer_view, name="offer_answer"),
    path("unsubscribe/<str:token>/", supporter_views.unsubscribe, name="unsubscribe"),
]
