from django import forms


class DateInput(forms.DateInput):
    """The browser's own date picker; its value must be ISO 8601 whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
