"""The hand-over conversation in the API: GET and POST /api/v1/challenges/{id}/messages/ for the claimant
and the family's coach only (404 for anyone else), and accepting a proposed time and place."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .conversation import (
    BODY_MAX_LENGTH,
    PLACE_MAX_LENGTH,
    conversation_for,
    handover_message_post,
    handover_proposal_accept,
    messages_of,
)


class HandoverMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.ChoiceField(choices=["coach", "supporter"])
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    proposed_start = serializers.DateTimeField(allow_null=True)
    proposed_place = serializers.CharField(allow_blank=True)
    accepted_at = serializers.DateTimeField(allow_null=True)


class HandoverMessageInput(serializers.Serializer):
    """A body, and optionally a proposed time and place (both or neither); the service screens them."""

    body = serializers.CharField(max_length=BODY_MAX_LENGTH)
    proposed_start = serializers.DateTimeField(required=False, allow_null=True, default=None)
    proposed_place = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=PLACE_MAX_LENGTH
    )


class ChallengeMessagesView(APIView):
    """A claimed challenge's conversation, oldest first; a refused body is a 400 saying what to remove."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=HandoverMessageSerializer(many=True))
    def get(self, request, pk: int):
        challenge, _side = conversation_for(request.user, pk)
        return Response(HandoverMessageSerializer(messages_of(challenge), many=True).data)

    @extend_schema(request=HandoverMessageInput, responses={201: HandoverMessageSerializer})
    def post(self, request, pk: int):
        challenge, _side = conversation_for(request.user, pk)
        data = HandoverMessageInput(data=request.data)
        data.is_valid(raise_exception=True)
        message = handover_message_post(challenge=challenge, actor=request.user, **data.validated_data)
        return Response(HandoverMessageSerializer(message).data, status=status.HTTP_201_CREATED)


class AcceptProposalView(APIView):
    """The other side accepts a proposed time and place; it becomes the appointment in both calendars."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={200: HandoverMessageSerializer})
    def post(self, request, pk: int, message_pk: int):
        challenge, _side = conversation_for(request.user, pk)
        message = get_object_or_404(messages_of(challenge), pk=message_pk)
        return Response(
            HandoverMessageSerializer(handover_proposal_accept(message=message, actor=request.user)).data
        )
