"""The family's choice of coach (/proposals/) and the chosen coach's answer."""

from django.urls import path

from . import proposals

app_name = "proposals"
urlpatterns = [
    path("family/<int:family_id>/", proposals.proposal_for_coordinator, name="coordinator"),
    path("family/<int:family_id>/print/", proposals.proposal_print, name="print"),
    path("with-family/<int:family_id>/", proposals.proposal_with_coach, name="with_coach"),
    path("with-family/<int:family_id>/undo/", proposals.proposal_undo, name="undo"),
    path("link/<str:token>/", proposals.proposal_by_link, name="by_link"),
    path("link/<str:token>/undo/", proposals.proposal_undo_by_link, name="undo_by_link"),
    path("link/<str:token>/print/", proposals.proposal_print_by_link, name="print_by_link"),
    path("respond/<int:match_id>/", proposals.respond, name="respond"),
]
