"""The one beat schedule names only tasks that exist, each with the JSON serializer and late acks."""

import pytest
from django.conf import settings

from genk_village.celery import app

SCHEDULE = sorted(settings.CELERY_BEAT_SCHEDULE.items())


@pytest.mark.parametrize(("name", "entry"), SCHEDULE, ids=[name for name, _entry in SCHEDULE])
def test_every_periodic_job_names_a_registered_task(name, entry):
    app.loader.import_default_modules()

    assert entry["task"] in app.tasks, f"{name}: no task {entry['task']}"


def test_tasks_travel_as_json_and_are_acknowledged_after_they_ran():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_acks_late is True
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit
