"""Everything under /api/v1/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from challenges.api import ChallengeViewSet, MyPointsView
from challenges.api_messages import AcceptProposalView, ChallengeMessagesView
from families.api import FamilyViewSet
from monitoring.api import IndicatorsView
from supporters.api import MyNotificationsView

from .api import MeView
from .tokens.views import TokenView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("challenges", ChallengeViewSet, basename="challenge")
router.register("families", FamilyViewSet, basename="family")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("me/points/", MyPointsView.as_view(), name="me-points"),
    path("me/notifications/", MyNotificationsView.as_view(), name="me-notifications"),
    path("challenges/<int:pk>/messages/", ChallengeMessagesView.as_view(), name="challenge-messages"),
    path(
        "challenges/<int:pk>/messages/<int:message_pk>/accept/",
        AcceptProposalView.as_view(),
        name="challenge-message-accept",
    ),
    path("indicators/", IndicatorsView.as_view(), name="indicators"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
