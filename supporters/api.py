"""A person's notifications in the API: GET /api/v1/me/notifications/, newest first, paginated."""

from django.conf import settings
from rest_framework import generics, permissions, serializers

from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields

    def get_url(self, notification) -> str:
        """Absolute, as in the e-mail: a client outside the site can open it."""
        return settings.SITE_URL.rstrip("/") + notification.url if notification.url else ""


class MyNotificationsView(generics.ListAPIView):
    """Anyone signed in: their own notifications only (the person's own rows, whatever their roles)."""

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = Notification.objects.none()  # the schema's model; each request reads its own rows below

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user)
