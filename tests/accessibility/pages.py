"""Every page each role may open, derived from the authorization matrix so that a new URL is scanned too.

A page is a GET row of the matrix that the role's persona may open (200), or, for the anonymous role, a
public row whatever its status (error pages included); every admin URL the matrix fills for a coordinator;
and the sign-in pages of allauth.
"""

from django.urls import NoReverseMatch, reverse

from tests.security.test_authorization_matrix import (
    ADMIN,
    ALLAUTH,
    LOGIN,
    ROWS,
    _admin_url,
)

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
DESKTOP_PREFIXES = ("/admin/", "/monitoring/")

# The roles, each scanned as the persona of the authorization matrix with the same name.
ROLES = ("anonymous", "coordinator", "coach", "supporter", "steering", "referrer")

# Downloads (a browser does not open them as a page) and the API; other answers that are not HTML
# (health check, manifest, service worker) are passed over when the scan meets them.
NOT_PAGES = {"monitoring:export_csv", "monitoring:export_xlsx"}
NOT_PAGE_PREFIXES = ("api:",)
# Admin views that are no page of their own: JSON, JavaScript, a redirect helper, signing in and out.
NOT_ADMIN_PAGES = {
    "admin:login",
    "admin:logout",
    "admin:jsi18n",
    "admin:autocomplete",
    "admin:view_on_site",
    "admin:families_family_step",  # takes a POST from the case file's buttons only
}
# The model whose history and delete pages stand for those of every model.
ONCE_FOR = "admin:families_family_"
# The account pages (e-mail, password, authenticator app) are one set of templates for every signed-in
# person: scanned signed out, as a supporter, and as a coordinator, who must set up an authenticator.
ACCOUNT_PAGES_FOR = {"anonymous", "supporter", "coordinator"}
# Allauth views that answer with a file or act on a GET.
NOT_ALLAUTH_PAGES = {"mfa_download_recovery_codes", "account_logout"}


def viewport_for(path: str) -> dict[str, int]:
    """Back office and dashboard are desktop pages; everything else is read on a phone first."""
    return DESKTOP if path.startswith(DESKTOP_PREFIXES) else PHONE


def _opens(outcome) -> bool:
    return outcome == 200 or (isinstance(outcome, set) and 200 in outcome)


def _is_page(name: str) -> bool:
    return name not in NOT_PAGES and not name.startswith(NOT_PAGE_PREFIXES)


def _public(row) -> bool:
    """Open to anyone, signed in or not, whatever their role: scanned once, as the anonymous role."""
    return row.outcome("anonymous") != LOGIN and all(
        row.outcome(persona) != 403 for persona in ("supporter", "steering", "referrer")
    )


def _matrix_pages(persona: str, world) -> list[str]:
    paths = []
    for row in ROWS:
        if row.method != "get" or not _is_page(row.name):
            continue
        public = _public(row)
        if (public and persona == "anonymous") or (not public and _opens(row.outcome(persona))):
            paths.append(reverse(row.name, kwargs=row.kwargs(world)))
    return paths


def _refused_page(persona: str, world) -> list[str]:
    """The page a signed-in person meets when they follow a link their role may not open."""
    for row in ROWS:
        if row.method == "get" and _is_page(row.name) and row.outcome(persona) == 403:
            return [reverse(row.name, kwargs=row.kwargs(world))]
    return []


def _admin_pages(world) -> list[str]:
    """Index, list, add and change pages of every model, the desk's own pages, and Django's history and
    delete pages once: they are one template whatever the model."""
    paths = []
    for _pattern, name in ADMIN:
        if name in NOT_ADMIN_PAGES:
            continue
        if name.endswith(("_history", "_delete")) and not name.startswith(ONCE_FOR):
            continue
        if name.startswith("admin:coaches_waitingfamily_batch"):
            path = reverse(name, kwargs={"run_id": world["batch"].pk})
        else:
            path = _admin_url(name, world)
        if path is not None:
            paths.append(path)
    return paths


def _allauth_pages() -> list[str]:
    paths = []
    for pattern, name in ALLAUTH:
        if name in NOT_ALLAUTH_PAGES:
            continue
        kwargs = {key: "x" for key in ("key", "uidb36") if f"<{key}>" in pattern}
        try:
            paths.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue  # an API route of allauth's headless mode, not a page
    return paths


def pages_for(role: str, world) -> list[str]:
    """The paths to scan for a role, in a stable order, without repeats."""
    paths = _matrix_pages(role, world)
    if role in ACCOUNT_PAGES_FOR:
        paths += _allauth_pages()
    if role == "anonymous":
        paths.append("/no-such-page/")
    else:
        paths += _refused_page(role, world)
    if role == "coordinator":
        paths += _admin_pages(world)
    return list(dict.fromkeys(paths))
