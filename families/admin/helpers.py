"""What the family admins share: inline rows and goals saved by their services."""

from .. import services
from ..models import DEPRIVATION_ITEMS, Goal


def save_new_rows(formset, record) -> None:
    """Save an inline's new rows through their service (`record(cleaned_data)`); its existing rows are
    read-only. The admin's change message and audit read the formset's object lists, set here."""
    formset.new_objects = [record(form.cleaned_data) for form in formset.extra_forms if form.has_changed()]
    formset.changed_objects = []
    formset.deleted_objects = []


def missing_items(cleaned_data) -> list[str]:
    """The deprivation items a check form leaves unticked (a ticked box: the child has it)."""
    return [code for code, _label in DEPRIVATION_ITEMS if not cleaned_data.get(f"has_{code}")]


def goal_save(goal: Goal, actor) -> Goal:
    """A goal's domain and text are plain CRUD; its status and next step move through goal_update, which
    keeps the day a goal was reached (the admin never writes `reached_on` itself)."""
    status, next_step = goal.status, goal.next_step
    if goal.pk is None:
        goal.status, goal.reached_on = Goal.Status.PLANNED, None
    else:
        stored = Goal.objects.get(pk=goal.pk)
        goal.status, goal.reached_on, goal.next_step = stored.status, stored.reached_on, stored.next_step
    goal.save()
    return services.goal_update(goal=goal, status=status, next_step=next_step, actor=actor)
