"""What every app's privacy test asks: is a person's text gone from each field and from the admin log?"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import Q
from django.forms.models import model_to_dict

# Distinctive personal text, written into every free-text field a test fills.
NAME = "Hamiyet Yilmaz"
PHONE = "0477 57 32 44"
PERSONAL = f"{NAME} {PHONE}"
EMAIL = "hamiyet.yilmaz@example.org"
TRACES = ("hamiyet", "yilmaz", "0477 57 32 44")


def traces_in(value) -> list[str]:
    text = str(value).lower()
    return [trace for trace in TRACES if trace in text]


def assert_forgotten(*records) -> None:
    """Reload each record from the database; no field of it may still hold the personal text."""
    for record in records:
        record.refresh_from_db()
        for field in record._meta.concrete_fields:
            value = getattr(record, field.attname)
            assert not traces_in(value), f"{record._meta.label}.{field.name} still holds {value!r}"


def log_in_admin(user, *records) -> None:
    """An admin change per record, its message naming the person, as the admin's history keeps it."""
    for record in records:
        LogEntry.objects.log_actions(
            user.pk, [record], CHANGE, change_message=f"Changed for {PERSONAL}", single_object=True
        )


def assert_admin_log_forgotten() -> None:
    assert LogEntry.objects.exists(), "the test logged nothing in the admin history"
    named = Q()
    for trace in TRACES:
        named |= Q(object_repr__icontains=trace) | Q(change_message__icontains=trace)
    left = list(
        LogEntry.objects.filter(named).values_list("content_type__model", "object_repr", "change_message")
    )
    assert not left, f"the admin history still names the person: {left}"


def snapshot(*querysets) -> list[dict]:
    """Every value of every row, to show that a second erasure changes nothing."""
    return [
        model_to_dict(row) | {"updated_at": getattr(row, "updated_at", None)}
        for queryset in querysets
        for row in queryset.order_by("pk")
    ]
