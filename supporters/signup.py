"""The sign-up form (ACCOUNT_FORMS["signup"]): allauth's, whose answer never tells whether an address has
an account.

allauth hides a taken address only when e-mail verification is mandatory for everyone; we keep it
optional for signing in, and make it mandatory for the sign-up alone. A new person and the owner of a
taken address both land on "we sent you an e-mail": the first gets the link to confirm their address,
the owner allauth's "you already have an account" e-mail. Nothing of the existing account changes.
"""

from allauth.account import app_settings
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.internal.flows.login import perform_login
from allauth.account.internal.flows.signup import complete_signup
from allauth.account.models import Login
from allauth.account.utils import filter_users_by_email

VERIFY = app_settings.EmailVerificationMethod.MANDATORY


class SignupForm(AllauthSignupForm):
    def validate_unique_email(self, value: str) -> str:
        """A taken address is no form error: try_save tells its owner instead."""
        self.account_already_exists = bool(filter_users_by_email(value))
        return value

    def try_save(self, request):
        if self.account_already_exists:
            login = Login(user=None, email=self.cleaned_data["email"], signup=True, email_verification=VERIFY)
            return None, perform_login(request, login)
        user = self.save(request)
        return user, complete_signup(request, user=user, email_verification=VERIFY)
