"""The core's own privacy step: the user account, its sign-in means and the audit trail of its acts."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from . import privacy
from .models import ApiToken

ERASED_DOMAIN = "@erased.invalid"


def person_export(user) -> dict:
    return {
        "account": privacy.row(user, exclude=["groups", "user_permissions"]) | {"roles": user.roles},
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        # which kinds of authenticator and token exist, never their secrets
        "authenticators": [
            {"type": a.type, "created_at": a.created_at} for a in Authenticator.objects.filter(user=user)
        ],
        "api_tokens": [
            {"created_at": t.created_at, "expires_at": t.expires_at}
            for t in ApiToken.objects.filter(user=user)
        ],
        "actions_in_audit_trail": privacy.trail(actor=user),
    }


def person_erase(user, actor) -> privacy.Erased:
    """The account can no longer sign in and names nobody; its sign-in means are deleted."""
    erased: privacy.Erased = []
    email = f"user-{user.pk}{ERASED_DOMAIN}"
    named = (user.email, user.first_name, user.last_name, user.organisation) != (email, "", "", "")
    if named or user.is_active or user.has_usable_password():
        user.email = email
        user.first_name = user.last_name = user.organisation = ""
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["email", "first_name", "last_name", "organisation", "is_active", "password"])
        erased.append(user)
    for model in (EmailAddress, ApiToken, Authenticator):
        rows = model.objects.filter(user=user)
        pks = list(rows.values_list("pk", flat=True))
        rows.delete()
        erased.append((model, pks))
    return erased


STEP = privacy.register(
    privacy.PrivacyStep(name="genk_village", person_export=person_export, person_erase=person_erase)
)
