"""A family's case file in the back office: its next steps and its timeline, assembled from the apps.

The family page belongs to the families app, which may not know the apps above it; the coaches app owns
the shortlist, the choice and the match. Each app registers what it adds in its own `<app>/casefile.py`
(found by `autodiscover()` when the apps are ready): step providers and timeline providers, each taking
the family and answering only about that family's own records.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Step:
    """A next step of the file: a button that posts `key` to the family's step view, which calls `run`.

    `run(family, actor, data)` calls the service that owns the step and returns the success message;
    a refusal is the service's own error. `choices(family)` lists the options the button's form offers
    (`(value, label)` pairs, posted as `choice`). A step with `url` is a link to a page of its own (the
    intake, the confirmation before closing) instead of a post."""

    key: str
    label: str | Callable[[object], str]  # a callable names the step after the family's state
    applies: Callable[[object], bool]
    run: Callable[[object, object, dict], str] | None = None
    choices: Callable[[object], list[tuple[str, str]]] | None = None
    choice_label: str = ""
    url: Callable[[object], str] | None = None
    then: Callable[[object], str] | None = None  # where to go after a successful post; the file if None
    destructive: bool = False

    def title(self, family) -> str:
        return self.label(family) if callable(self.label) else str(self.label)


@dataclass(frozen=True)
class Entry:
    """One line of the timeline: when, what happened, and a short detail (never a private note)."""

    when: datetime.date | datetime.datetime
    what: str
    detail: str = ""
    order: int = field(default=0, compare=False)

    @property
    def day(self) -> datetime.date:
        if isinstance(self.when, datetime.datetime):
            return timezone.localdate(self.when)
        return self.when


StepProvider = Callable[[], list[Step]]
TimelineProvider = Callable[[object], list[Entry]]

_steps: dict[str, StepProvider] = {}
_timelines: dict[str, TimelineProvider] = {}


def _name(provider) -> str:
    return f"{provider.__module__}.{provider.__qualname__}"


def register_steps(provider: StepProvider) -> StepProvider:
    """Add an app's steps (usable as a decorator); registering the same function twice keeps one."""
    _steps[_name(provider)] = provider
    return provider


def register_timeline(provider: TimelineProvider) -> TimelineProvider:
    """Add an app's timeline entries (usable as a decorator); the same function twice keeps one."""
    _timelines[_name(provider)] = provider
    return provider


def autodiscover() -> None:
    """Import every installed app's `casefile` module, which registers that app's steps and entries."""
    autodiscover_modules("casefile")


def all_steps() -> list[Step]:
    return [step for provider in _steps.values() for step in provider()]


def step_named(key: str) -> Step | None:
    return next((step for step in all_steps() if step.key == key), None)


def steps_for(family) -> list[Step]:
    """The steps that apply to the family as it is now, in the order the apps registered them; the
    destructive ones (closing) last, whichever app registers them."""
    return sorted((step for step in all_steps() if step.applies(family)), key=lambda step: step.destructive)


def timeline_for(family) -> list[Entry]:
    """Every app's entries for the family, oldest first (same day: in the apps' own order)."""
    entries = [entry for provider in _timelines.values() for entry in provider(family)]
    return sorted(entries, key=lambda entry: (entry.day, entry.order))
