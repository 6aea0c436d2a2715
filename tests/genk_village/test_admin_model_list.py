"""The model list on the back office's home is grouped by what a coordinator does, not by app: each app
places its models under a task with `place()`, so the core names no domain app."""

import re

import pytest
from django.contrib import admin

from genk_village.admin_site import TASKS, group_by_task, place

pytestmark = pytest.mark.django_db

GROUP = re.compile(
    r'<div class="app-(?P<key>[\w-]+) module[^"]*">\s*<table>\s*'
    r"<caption>\s*(?P<caption>.*?)</caption>(?P<body>.*?)</table>",
    re.S,
)
ROW = re.compile(r'<tr class="model-(\w+)')


def _groups(html: str) -> dict[str, list[str]]:
    """Each table of the model list: its caption's text and the models in its rows."""
    return {
        re.sub(r"<[^>]+>", "", match["caption"]).strip(): ROW.findall(match["body"])
        for match in GROUP.finditer(html)
    }


def test_the_home_page_lists_the_models_under_the_coordinator_s_tasks_in_their_order(client, coordinator):
    client.force_login(coordinator)

    groups = _groups(client.get("/admin/").content.decode())

    captions = list(groups)
    assert captions[:3] == ["Families and intake", "Coaches and matching", "Challenges and supporters"]
    assert captions.index("Accounts and settings") > captions.index("Coaches and matching")
    assert {"family", "child", "guardian", "deprivationcheck", "consentrecord"} <= set(
        groups["Families and intake"]
    )
    assert {"coach", "match", "contactlog", "waitingfamily"} <= set(groups["Coaches and matching"])
    assert {"supporter", "badge"} <= set(groups["Challenges and supporters"])
    assert {"user", "emailaddress", "district"} <= set(groups["Accounts and settings"])
    assert "Families" not in groups  # the app's own name is no heading any more


def test_no_registered_model_goes_missing_from_the_grouped_list(client, coordinator):
    client.force_login(coordinator)

    html = client.get("/admin/").content.decode()
    listed = [row for match in GROUP.finditer(html) for row in ROW.findall(match["body"])]

    request = client.get("/admin/").wsgi_request
    expected = [
        model._meta.model_name
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_module_permission(request)
    ]
    assert sorted(listed) == sorted(expected)


def test_the_side_bar_of_a_change_list_is_grouped_the_same_way(client, coordinator):
    client.force_login(coordinator)

    page = client.get("/admin/coaches/match/").content.decode()
    sidebar = page[page.index('id="nav-sidebar"') :]

    assert "Coaches and matching" in sidebar
    assert 'aria-current="page"' in sidebar


def test_an_app_s_own_page_keeps_its_app_s_models(client, coordinator):
    client.force_login(coordinator)

    groups = _groups(client.get("/admin/families/").content.decode())

    assert "Families and intake" not in groups
    assert "family" in next(iter(groups.values()))


def test_a_model_no_app_placed_stays_under_its_app_s_name_after_the_tasks():
    family_row = {"model": _Model("families.family"), "name": "Families"}
    loose_row = {"model": _Model("elsewhere.thing"), "name": "Things"}
    app_list = [
        {
            "name": "Elsewhere",
            "app_label": "elsewhere",
            "app_url": "/admin/elsewhere/",
            "models": [loose_row],
        },
        {"name": "Families", "app_label": "families", "app_url": "/admin/families/", "models": [family_row]},
    ]

    grouped = group_by_task(app_list)

    assert [group["name"] for group in grouped] == [TASKS["intake"], "Elsewhere"]
    assert grouped[1]["models"] == [loose_row]


def test_placing_a_model_under_an_unknown_task_is_refused():
    with pytest.raises(ValueError, match="not one of the back office's tasks"):
        place("gardening", "families.family")


class _Model:
    """Just enough of a model class for the grouping: its `_meta.label_lower`."""

    def __init__(self, label: str):
        self._meta = type("Meta", (), {"label_lower": label})
