"""API pagination. Its own module: DRF imports it while loading its settings, before any view."""

from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    """Stable pages over changing data: newest first unless a view says otherwise."""

    ordering = "-created_at"
    page_size_query_param = "page_size"
    max_page_size = 100
