"""Privacy rights: a subject-access export of all that is held, erasure that keeps the figures, retention.

The core knows no domain app. Each app that holds personal data registers a `PrivacyStep` in its own
`<app>/privacy.py` (found by `autodiscover()` when the apps are ready), the way pretix collects its data
shredders; the functions here merge what the steps export and run what they erase.
"""

import datetime
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .audit import audit
from .models import AuditEntry

ERASED = "—"
PERSONAL_EXCLUDE = {"password"}

# What an erase step reports: the records it changed or deleted, as instances or as (model, pks).
Erased = list[models.Model | tuple[type[models.Model], Iterable[Any]]]


@dataclass(frozen=True)
class PrivacyStep:
    """What one app holds about a family or a person: how to export it and how to erase it.

    Every callable is optional. An erase step changes only what is not erased yet and reports exactly
    that, so that a second erasure reports nothing. `families_due(cutoff)` lists the family files that
    the retention job must anonymise: closed on or before `cutoff` and not anonymised yet.
    """

    name: str
    family_export: Callable[[Any], dict] | None = None
    family_erase: Callable[[Any, Any], Erased] | None = None
    person_export: Callable[[Any], dict] | None = None
    person_erase: Callable[[Any, Any], Erased] | None = None
    families_due: Callable[[datetime.date], Iterable[Any]] | None = None


_registry: dict[str, PrivacyStep] = {}


def register(step: PrivacyStep) -> PrivacyStep:
    """Add an app's step; steps run in the order they were registered (the order of INSTALLED_APPS)."""
    if _registry.get(step.name, step) != step:
        raise ImproperlyConfigured(f"Two privacy steps are called {step.name!r}.")
    _registry[step.name] = step
    return step


def registered() -> list[PrivacyStep]:
    return list(_registry.values())


def autodiscover() -> None:
    """Import every installed app's `privacy` module, which registers that app's step."""
    autodiscover_modules("privacy")


# Helpers for the steps ---------------------------------------------------------------------------------
def row(obj: models.Model, exclude: Iterable[str] = ()) -> dict:
    """One record as a person would read it in their export; never a password."""
    return {k: v for k, v in model_to_dict(obj).items() if k not in PERSONAL_EXCLUDE | set(exclude)} | {
        "id": obj.pk
    }


def trail(**filters) -> list[dict]:
    """Entries of the audit trail, oldest first: who did what, never the values."""
    return [
        {
            "when": e.created_at,
            "who": e.actor.email if e.actor else None,
            "action": e.action,
            "fields": e.fields,
        }
        for e in AuditEntry.objects.filter(**filters).select_related("actor").order_by("created_at")
    ]


def scrub(queryset: models.QuerySet, **values) -> tuple[type[models.Model], list[Any]]:
    """Set `values` on the rows of `queryset` that still differ from them; returns (model, their pks)."""
    model = queryset.model
    differs = Q()
    for field, value in values.items():
        differs |= ~Q(**{field: value})
    pks = list(queryset.filter(differs).values_list("pk", flat=True))
    if pks:
        stamp = {"updated_at": timezone.now()} if _has_field(model, "updated_at") else {}
        model._default_manager.filter(pk__in=pks).update(**values, **stamp)
    return model, pks


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.concrete_fields)


# Assembly ----------------------------------------------------------------------------------------------
def _merge(exports: Iterable[tuple[str, dict]]) -> dict:
    data: dict = {}
    for name, part in exports:
        clash = data.keys() & part.keys()
        if clash:
            raise ImproperlyConfigured(f"The privacy step {name!r} exports {sorted(clash)} twice.")
        data |= part
    return data


def family_file(family) -> dict:
    """Everything held about one family, grouped the way a person would read it."""
    data = _merge((s.name, s.family_export(family)) for s in registered() if s.family_export)
    target_type = ContentType.objects.get_for_model(family, for_concrete_model=True)
    return data | {"audit_trail": trail(target_type=target_type, target_id=str(family.pk))}


def person_file(user) -> dict:
    """Everything held about one account: the person, their coach or supporter profile, points and acts."""
    return _merge((s.name, s.person_export(user)) for s in registered() if s.person_export)


def subject_access_zip(data: dict, *, name: str, actor, target) -> bytes:
    """A ZIP with the data as JSON and a short note on what it is; the export itself is audited."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            f"{name}.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        archive.writestr(
            "README.txt",
            (
                "Everything Genk Village holds about this person or family, exported on "
                f"{timezone.localdate():%Y-%m-%d}. Dates are ISO 8601; times are UTC.\n"
            ),
        )
    audit(actor=actor, action=f"{target._meta.label_lower}.subject_access_exported", target=target)
    return buffer.getvalue()


def _erase(kind: str, subject, actor) -> bool:
    erased: Erased = []
    for step in registered():
        erase = getattr(step, kind)
        if erase is not None:
            erased += erase(subject, actor)
    by_model: dict[type[models.Model], set[str]] = defaultdict(set)
    for item in erased:
        model, pks = (type(item), [item.pk]) if isinstance(item, models.Model) else item
        by_model[model._meta.concrete_model].update(str(pk) for pk in pks)
    by_model = {model: pks for model, pks in by_model.items() if pks}
    for model, pks in by_model.items():
        _scrub_admin_log(model, sorted(pks))
    return bool(by_model)


def _scrub_admin_log(model: type[models.Model], pks: list[str]) -> None:
    """Django's admin history keeps each record's str() and, for inlines, its children's: blank both.

    The admin logs a record edited through a proxy (the matching desk's families) under the proxy's
    content type, so every proxy of the model is matched too.
    """
    family = [m for m in apps.get_models() if m._meta.concrete_model is model]
    types = ContentType.objects.get_for_models(*family, for_concrete_models=False).values()
    for start in range(0, len(pks), 500):  # stay under SQLite's limit on query parameters
        LogEntry.objects.filter(content_type__in=types, object_id__in=pks[start : start + 500]).update(
            object_repr=ERASED, change_message=""
        )


@transaction.atomic
def family_anonymise(*, family, actor) -> bool:
    """Erase what identifies a family and keep what the statistics need (district, dates, states, counts).

    Runs every registered step in one transaction; False when nothing was left to erase.
    """
    if not _erase("family_erase", family, actor):
        return False  # erased already: doing it again changes nothing
    audit(actor=actor, action="families.family.anonymised", target=family)
    return True


@transaction.atomic
def user_anonymise(*, user, actor) -> bool:
    """Erase a person's account; what they did (claims, points, contacts) stays, without their name."""
    if not _erase("person_erase", user, actor):
        return False
    audit(actor=actor, action="genk_village.user.anonymised", target=user, city_id=user.city_id)
    return True


def anonymise_expired_files(*, today: datetime.date | None = None) -> int:
    """Anonymise every family file closed longer than RETENTION_DAYS ago, including ones a missed run left."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.RETENTION_DAYS)
    return sum(
        family_anonymise(family=family, actor=None)
        for step in registered()
        if step.families_due
        for family in step.families_due(cutoff)
    )
