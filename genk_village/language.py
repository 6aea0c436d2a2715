"""Each person's language: the switcher in every page header, the stored choice of a signed-in person,
and allauth's e-mails in the recipient's language.

Anonymous visitors keep their choice in Django's language cookie. A signed-in person's stored
`User.language` wins over cookie and browser, and the cookie follows it so that the pages after
signing out stay in the same language.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .models import User
from .permissions import public

# Each language in its own name, so that a person who cannot read the current page still finds theirs.
ENDONYMS = {"nl": "Nederlands", "en": "English", "fr": "Français", "tr": "Türkçe", "ar": "العربية"}


def supported(language: str | None) -> bool:
    return language in dict(settings.LANGUAGES)


def switcher_languages(request) -> dict:
    """Context processor: the switcher's choices, each with its own name and writing direction."""
    choices = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        choices.append({"code": code, "name": ENDONYMS.get(code, info["name_local"]), "bidi": info["bidi"]})
    return {"switcher_languages": choices}


def user_language_set(*, user: User, language: str) -> None:
    """Store the language a person reads the site and their e-mails in; an unknown code changes nothing."""
    if not supported(language) or user.language == language:
        return
    user.language = language
    user.save(update_fields=["language"])


@public
@require_POST
def language_switch(request):
    """Django's set_language (cookie, safe `next` redirect), and for a signed-in person the stored choice."""
    response = set_language(request)
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=request.POST.get("language"))
    return response


class UserLanguageMiddleware:
    """After LocaleMiddleware and authentication: a signed-in person's stored language wins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and supported(user.language):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        user = request.user  # signing in or out during the request changes it
        cookie = settings.LANGUAGE_COOKIE_NAME
        if (
            user.is_authenticated
            and supported(user.language)
            and request.COOKIES.get(cookie) != user.language
            and cookie not in response.cookies
        ):
            response.set_cookie(
                cookie,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails (verification, password reset, security notices) in the recipient's language;
    for an address without an account, in the language of the page that asked for it. A new account
    starts in the language its owner signed up in."""

    def login(self, request, user) -> None:
        """From the moment of signing in the person's own language speaks, the "signed in" message too."""
        super().login(request, user)
        if supported(user.language):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language

    def save_user(self, request, user, form, commit=True):
        language = translation.get_language()
        if supported(language):
            user.language = language
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        language = user.language if user is not None and supported(user.language) else None
        with translation.override(language or translation.get_language()):
            super().send_mail(template_prefix, email, context)
