"""Helpers for the cross-city isolation test: a second city with names that cannot occur by chance, a
snapshot of everything it holds, the URL patterns that take ids, and a browser-like reading of forms."""

import dataclasses
import datetime
import functools
import re
from html.parser import HTMLParser

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django import forms
from django.apps import apps
from django.core import signing
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from challenges.models import Challenge, ChallengeReport, HandoverMessage
from coaches.models import BatchRun, ContactLog, Match, SupportRequest
from coaches.services import PROPOSAL_LINK_SALT
from families.models import Goal, Offer
from genk_village.calendar import feed_token
from leisure.models import Activity, Participation
from supporters.models import Badge, GroupInvitation, Notification
from supporters.notifications import unsubscribe_token
from tests.challenges.factories import ChallengeFactory
from tests.coaches.factories import ReadyCoachFactory, TrainingSessionFactory
from tests.families.factories import ChildFactory, ConsentFactory, FamilyFactory, GuardianFactory
from tests.genk_village.factories import DistrictFactory, UserFactory
from tests.supporters.factories import SupporterFactory
from tests.worlds import one_of_everything

# Every one of these is written into Hasselt's records below and into nothing of Genk's: any of them in a
# response to a person of Genk is a leak. Compared case-insensitively.
B_STRINGS = (
    "Vandersteen",
    "Lowieke",
    "Bertha Hasselt",
    "Hasseltse Helper",
    "Kuringen",
    "Hasseltse fiets",
    "Hasseltse soep",
    "Hasseltse zwemles",
    "Hasselts bezoek",
    "Hasseltse opleiding",
    "Hasseltse vraag",
    "Hasseltse melding",
    "Hasseltse ploeg",
    "Hasseltse afspraak",
    "HSLT-4711",
    "Hasseltse zwemclub",
    "hasselt.example.org",
)

# Where the site sends a person who may not see a page: its sign-in page (the admin's forwards there).
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")

# URL arguments that name no record.
NOT_IDS = {"format", "app_label", "url", "path", "ready", "step"}


def leaked_strings(content: bytes | str) -> list[str]:
    text = (content.decode("utf-8", "replace") if isinstance(content, bytes) else content).casefold()
    return [name for name in B_STRINGS if name.casefold() in text]


def is_login_redirect(response) -> bool:
    return response.status_code in {301, 302, 303} and response.get("Location", "").startswith(LOGIN_PATHS)


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def tampered(token: str) -> str:
    """A token of the other city's kind with a broken signature: what a person of this city could hold."""
    return token[:-2] + ("AB" if not token.endswith("AB") else "CD")


def second_city_of_everything(*, city, coordinator, first_city_badge_code="first-help") -> dict:
    """Hasselt: the conftest world's counterpart, one record of every model, each with a distinctive name.

    Badges are shared by every city and `one_of_everything` creates one with a fixed code, so the first
    city's badge is given its own code before the second city's world is built.
    """
    Badge.objects.filter(code=first_city_badge_code).update(code=f"{first_city_badge_code}-genk")
    district = DistrictFactory(city=city, name="Kuringen")
    family = FamilyFactory(
        city=city,
        district=district,
        reference="HSLT-4711",
        family_name="Vandersteen",
        address="Vandersteenstraat 9",
    )
    child = ChildFactory(family=family, first_name="Lowieke")
    guardian = GuardianFactory(
        family=family, first_name="Jef", last_name="Vandersteen", phone="+32 470 99 88 77"
    )
    ConsentFactory(family=family, purpose="programme")
    ConsentFactory(family=family, purpose="data")
    referrer = UserFactory(
        email="referrer@hasselt.example.org", city=city, is_referrer=True, organisation="Hasseltse school"
    )
    family.referred_by = referrer
    family.save(update_fields=["referred_by"])
    coach = ReadyCoachFactory(
        city=city, display_name="Bertha Hasselt", user__email="coach1@hasselt.example.org", active_matches=1
    )
    coach.home_district = district
    coach.save(update_fields=["home_district"])
    coach.districts.add(district)
    match = Match.objects.create(
        family=family, coach=coach, status=Match.Status.ACTIVE, started_on=timezone.localdate()
    )
    family.status = family.Status.MATCHED
    family.save(update_fields=["status"])
    helper = SupporterFactory(
        city=city, display_name="Hasseltse Helper", user__email="supporter1@hasselt.example.org"
    )
    helper.districts.add(district)
    one_of_everything(city=city, family=family, supporter=helper.user, coordinator=coordinator)
    session = TrainingSessionFactory(city=city, title="Hasseltse opleiding")
    challenge = ChallengeFactory(family=family, title="Hasseltse fiets")
    held = ChallengeFactory(
        family=family,
        title="Hasseltse fiets naar de les",
        status=Challenge.Status.CLAIMED,
        claimant=helper,
        claimed_at=timezone.now(),
    )
    HandoverMessage.objects.create(
        challenge=held,
        supporter=helper,
        author="supporter",
        body="Hasseltse afspraak aan de bib?",
        proposed_start=timezone.now() + datetime.timedelta(days=2),
        proposed_place="Hasseltse bib",
    )
    return {
        "city": city,
        "coordinator": coordinator,
        "district": district,
        "family": family,
        "child": child,
        "guardian": guardian,
        "referrer": referrer,
        "coach": coach,
        "coach_user": coach.user,
        "match": match,
        "supporter": helper,
        "supporter_user": helper.user,
        "email_address": EmailAddress.objects.get(user=helper.user),
        "challenge": challenge,
        "report": ChallengeReport.objects.create(challenge=challenge, reporter=helper, reason="other"),
        "held_challenge": held,
        "goal": Goal.objects.create(family=family, domain="leisure", description="Hasseltse zwemles"),
        "offer": Offer.objects.create(family=family, title="Hasseltse soep", exchange_mode="gift"),
        "contact": ContactLog.objects.create(
            match=match, kind="visit", happened_on=timezone.localdate(), note="Hasselts bezoek"
        ),
        "session": session,
        "support_request": SupportRequest.objects.create(
            coach=coach, question="Hasseltse vraag: welke club?"
        ),
        "group_invitation": GroupInvitation.objects.create(
            group=SupporterFactory(city=city, kind="group", display_name="Hasseltse ploeg"),
            member=helper,
            expires_at=timezone.now() + datetime.timedelta(days=14),
        ),
        "notification": Notification.objects.create(
            user=helper.user, kind="match", key="match:hasselt", title="Hasseltse melding"
        ),
        "activity": (
            activity := Activity.objects.create(city=city, name="Hasseltse zwemclub", kind="swimming")
        ),
        "participation": Participation.objects.create(child=child, activity=activity),
        "batch_run": BatchRun.objects.create(
            city=city,
            kind=BatchRun.Kind.SHORTLISTS,
            family_ids=[family.pk],
            total=1,
            requested_by=coordinator,
        ),
    }


def tokens_of(world_b: dict) -> dict:
    """The other city's bearer tokens, tampered: a token is the capability itself, so the real one opens
    its page to whoever holds it; what a person of another city can hold is a guessed or altered one."""
    user = world_b["supporter_user"]
    return {
        "unsubscribe_token": tampered(unsubscribe_token(user_id=user.pk, kind="match")),
        "proposal_token": tampered(signing.TimestampSigner(salt=PROPOSAL_LINK_SALT).sign("hasselt-link")),
        "email_key": tampered(EmailConfirmationHMAC(world_b["email_address"]).key),
        "reset_key": tampered(default_token_generator.make_token(user)),
        "reset_uid": user_pk_to_url_str(user),
        "calendar_token": tampered(feed_token(user)),
    }


# The other city's rows ---------------------------------------------------------------------------------
def city_path(model, depth: int = 0) -> str | None:
    """The lookup from a model to its city through foreign keys (`match__family__city`), or None for
    data every city shares (languages, badges, content types)."""
    names = {f.name for f in model._meta.concrete_fields}
    if "city" in names:
        related = model._meta.get_field("city").related_model
        if related is not None and related._meta.label == "genk_village.City":
            return "city"
    if model._meta.label == "genk_village.City":
        return "pk"
    if depth >= 3:
        return None
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.related_model is not model:
            path = city_path(field.related_model, depth + 1)
            if path == "pk":
                return field.name
            if path:
                return f"{field.name}__{path}"
    return None


@functools.cache
def _snapshot_models() -> tuple:
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or model._meta.app_label in {"sessions", "axes", "admin"}:
            continue
        path = city_path(model)
        if path:
            found.append((model, path))
    return tuple(found)


def city_snapshot(city) -> dict:
    """Every row of every model that belongs to `city`, all columns: any change by a request shows."""
    snapshot = {}
    for model, path in _snapshot_models():
        lookup = {"pk": city.pk} if path == "pk" else {f"{path}_id" if path == "city" else path: city.pk}
        snapshot[model._meta.label] = list(model._default_manager.filter(**lookup).order_by("pk").values())
    return snapshot


def snapshot_difference(before: dict, after: dict) -> str:
    changes = []
    for label, rows in after.items():
        old = {row["pk" if "pk" in row else "id"]: row for row in before.get(label, [])}
        new = {row["pk" if "pk" in row else "id"]: row for row in rows}
        if len(old) != len(new):
            changes.append(f"{label}: {len(old)} -> {len(new)} rows")
            continue
        for pk, row in new.items():
            if old.get(pk) != row:
                fields = sorted(k for k in row if old.get(pk, {}).get(k) != row[k])
                changes.append(f"{label} #{pk} changed {fields}")
    return "; ".join(changes)


def row_counts() -> dict:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.app_label not in {"sessions", "axes"}
    }


def b_object_of(model, world_b: dict):
    """The other city's record of a model: a named one of the world where there is one, else any."""
    concrete = model._meta.concrete_model
    for obj in world_b.values():
        if isinstance(obj, models.Model) and type(obj)._meta.concrete_model is concrete:
            return obj
    path = city_path(concrete)
    if path is None:
        return None
    city = world_b["city"]
    lookup = {"pk": city.pk} if path == "pk" else {path: city}
    return concrete._default_manager.filter(**lookup).order_by("pk").first()


def b_pks_of(model, world_b: dict) -> set:
    path = city_path(model._meta.concrete_model)
    if path is None:
        return set()
    city = world_b["city"]
    lookup = {"pk": city.pk} if path == "pk" else {path: city}
    return set(model._meta.concrete_model._default_manager.filter(**lookup).values_list("pk", flat=True))


# URL patterns -----------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Pattern:
    route: str
    name: str | None
    keys: tuple[str, ...]

    @property
    def id_keys(self) -> tuple[str, ...]:
        return tuple(key for key in self.keys if key not in NOT_IDS)

    @property
    def label(self) -> str:
        return self.name or self.route


def _walk(resolver, prefix="", namespace="", keys=()):
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        own = tuple(getattr(pattern, "converters", {})) or tuple(pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(pattern), space, keys + own)
        elif isinstance(entry, URLPattern):
            yield Pattern(
                prefix + str(pattern), f"{namespace}{entry.name}" if entry.name else None, keys + own
            )


def id_patterns() -> list[Pattern]:
    """Every URL pattern that takes a record's id or token, once per distinct route."""
    return [p for p in _walk(get_resolver()) if p.id_keys and not p.route.startswith("^media/")]


def fill(route: str, values: dict) -> str:
    """The path of a route with its arguments filled: `<int:pk>` and regex groups `(?P<pk>...)` alike."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return "/" + path


# Forms, read as a browser reads them -----------------------------------------------------------------
class FormReader(HTMLParser):
    """The fields of one form of a page and the values a browser would submit for them."""

    def __init__(self, form_id: str | None = None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = form_id is None
        self.data: dict[str, list[str]] = {}
        self.select: str | None = None
        self.select_multiple = False
        self.options: list[tuple[str, bool]] = []
        self.textarea: str | None = None
        self.text = ""
        self.in_option = False
        self.option_value: str | None = None
        self.option_selected = False
        self.option_text = ""
        self.selected: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id is not None and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value") or "on")
                return
            self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self.select, self.select_multiple, self.options = name, "multiple" in attrs, []
        elif tag == "option" and self.select:
            self.in_option = True
            self.option_value = attrs.get("value")
            self.option_selected = "selected" in attrs
            self.option_text = ""
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data
        if self.in_option:
            self.option_text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside and self.form_id is not None:
            self.inside = False
        if tag == "option" and self.select is not None:
            value = self.option_value if self.option_value is not None else self.option_text.strip()
            self.options.append((value, self.option_selected))
            self.in_option, self.option_value, self.option_selected = False, None, False
        elif tag == "select" and self.select is not None:
            chosen = [value for value, selected in self.options if selected]
            self.selected[self.select] = chosen
            if not chosen and not self.select_multiple and self.options:
                chosen = [self.options[0][0]]
            self.data[self.select] = chosen
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.data[self.textarea] = [self.text.removeprefix("\n").removeprefix("\r\n")]
            self.textarea = None


def read_form(html: bytes | str, form_id: str | None = None) -> FormReader:
    reader = FormReader(form_id)
    reader.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
    return reader


def bad_value(field) -> tuple[str, str] | None:
    """A value this form field refuses, with the key it is posted under (split date-times post two)."""
    from django import forms

    if isinstance(field, forms.SplitDateTimeField):
        return "_0", "not-a-date"
    if isinstance(field, forms.DateField | forms.DateTimeField | forms.TimeField):
        return "", "not-a-date"
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return "", "not-a-number"
    if isinstance(field, forms.EmailField):
        return "", "not-an-e-mail"
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return "", "no-such-choice"
    return None


# Form bodies for the probes ------------------------------------------------------------------------
def plausible_body(world_b) -> dict:
    """One body for every form post: each view takes the fields it knows and ignores the rest."""
    return {
        "message": "Graag",
        "quantity": "1",
        "status": "reached",
        "description": "Gedaan",
        "next_step": "Verder",
        "match": str(world_b["match"].pk),
        "reason": "other",
        "password1": "a new long password 123",
        "password2": "a new long password 123",
        "confirm": "yes",
    }


def related_fields(form) -> dict:
    return {
        name: field
        for name, field in form.fields.items()
        if isinstance(field, forms.ModelChoiceField) and not field.disabled
    }


def plant(data: dict, key: str, field, world_b, planted: dict, where: str) -> None:
    obj = b_object_of(field.queryset.model, world_b)
    if obj is None:
        return  # shared by every city (languages, badges): nothing of Hasselt's to plant
    value = str(getattr(obj, field.to_field_name or "pk"))
    data[key] = [value]
    planted[key] = (where, obj, value)


def make_invalid(data: dict, form, skip: set) -> str | None:
    for name, field in form.fields.items():
        if name in skip or field.disabled:
            continue
        bad = bad_value(field)
        if bad is not None:
            data[name + bad[0]] = [bad[1]]
            return name
    return None
