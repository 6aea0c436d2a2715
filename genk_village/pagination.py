"""API pagination. Its own module: DRF imports it while loading its settings, before any view."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination


class CursorPagination(pagination.CursorPagination):
    """Stable pages over changing data: newest first unless a view says otherwise.

    A cursor is opaque to clients but not tamper-proof: one that does not decode, or whose position is
    not a value of the ordering field ("p=2026" for a date and time), is a 400, never a 404 or a 500."""

    ordering = "-created_at"
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_cursor_message = _("This page link is not valid; start again from the first page.")

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound as error:
            raise exceptions.ParseError(self.invalid_cursor_message) from error

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValidationError, ValueError, TypeError, OverflowError) as error:
            # the position went into a filter on the ordering field, which could not read it
            raise exceptions.ParseError(self.invalid_cursor_message) from error
