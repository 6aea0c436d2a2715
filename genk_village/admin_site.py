"""The coordinators' back office. Kept free of model imports: Django loads it before the models."""

from functools import update_wrapper

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Where each role's own pages start, for someone who opened the back office by mistake.
OWN_PAGES = [
    ("coach", "coaches:home", _("Your coach pages")),
    ("supporter", "challenges:board", _("The challenge board")),
    ("referrer", "families:referral_list", _("Your referrals")),
    ("steering", "monitoring:dashboard", _("The dashboard")),
    ("captain", "monitoring:dashboard", _("The dashboard")),
]


# What a coordinator does, in the order of the model list on the back office's home. Each app places the
# models it registers with `place()`, next to its `admin.register`, so that this core names no domain app.
TASKS = {
    "intake": _("Families and intake"),
    "matching": _("Coaches and matching"),
    "community": _("Challenges and supporters"),
    "monitoring": _("Monitoring"),
    "accounts": _("Accounts and settings"),
}

_placed: dict[str, str] = {}


def place(task: str, *models) -> None:
    """Put these models (classes or "app_label.model" labels) under one of the coordinator's TASKS."""
    if task not in TASKS:
        raise ValueError(f"{task!r} is not one of the back office's tasks: {', '.join(TASKS)}")
    for model in models:
        _placed[model if isinstance(model, str) else model._meta.label_lower] = task


def group_by_task(app_list: list[dict]) -> list[dict]:
    """Django's per-app list regrouped by task, each task's models by name; a model no app placed stays
    under its app's name after the tasks, so that nothing registered goes missing."""
    tasks = {key: [] for key in TASKS}
    others: dict[str, dict] = {}
    for app in app_list:
        for model in app["models"]:
            task = _placed.get(model["model"]._meta.label_lower)
            if task:
                tasks[task].append(model)
            else:
                others.setdefault(app["app_label"], {**app, "models": []})["models"].append(model)
    grouped = [
        {
            "name": TASKS[key],
            "app_label": f"task-{key}",
            "app_url": "",
            "has_module_perms": True,
            "models": models,
        }
        for key, models in tasks.items()
        if models
    ]
    for group in grouped:
        group["models"].sort(key=lambda model: str(model["name"]).lower())
    return grouped + list(others.values())


def is_coordinator(user) -> bool:
    return user.is_active and (user.is_superuser or getattr(user, "is_coordinator", False))


def own_pages(user) -> list[tuple[str, str]]:
    """(url, label) of the start pages of the roles `user` holds, each page once."""
    pages = {}
    for role, url_name, label in OWN_PAGES:
        if getattr(user, f"is_{role}", False):
            pages.setdefault(reverse(url_name), label)
    return list(pages.items())


class CoordinatorAdminSite(admin.AdminSite):
    """Open to coordinators (and superusers), whatever their staff flag says."""

    site_header = _("Genk Village – back office")
    site_title = _("Genk Village")
    index_title = _("Coordination")

    def has_permission(self, request) -> bool:
        return is_coordinator(request.user)

    def not_for_your_role(self, request) -> TemplateResponse:
        """Someone signed in without the coordinator role: a 403 that points to their own pages. Sending
        them to sign in instead would loop, since the sign-in page sends a signed-in person back here."""
        context = {"own_pages": own_pages(request.user)}
        return TemplateResponse(request, "admin/not_for_your_role.html", context, status=403)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                return self.not_for_your_role(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)

    def get_app_list(self, request, app_label=None):
        """The home page and the side bar list the models by what a coordinator does; an app's own page
        (/admin/<app>/) keeps its app's models."""
        app_list = super().get_app_list(request, app_label)
        return app_list if app_label else group_by_task(app_list)

    def index(self, request, extra_context=None):
        """The coordinator's work list of today above Django's list of models."""
        from .worklist import work_for

        worklist = work_for(request.user) if is_coordinator(request.user) else []
        return super().index(request, {"worklist": worklist, **(extra_context or {})})

    def login(self, request, extra_context=None):
        """One sign-in for everyone: allauth's, with its rate limits, lockouts and two-factor step."""
        from django.contrib.auth.views import redirect_to_login

        if request.user.is_authenticated and not self.has_permission(request):
            return self.not_for_your_role(request)
        return redirect_to_login(
            request.GET.get("next") or request.path.replace("login/", ""), login_url="account_login"
        )
