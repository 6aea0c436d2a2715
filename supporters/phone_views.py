"""The mobile number page, for anyone signed in (supporters and coaches alike): add a number, receive a
code by text message, enter it; or remove the number."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import PhoneCodeForm, PhoneNumberForm
from .models import PhoneVerification
from .phone import phone_code_check, phone_code_send, phone_remove
from .services import SupporterError


@login_required
def phone(request):
    verification = PhoneVerification.objects.filter(user=request.user).first()
    action = request.POST.get("action") if request.method == "POST" else None
    number_form = PhoneNumberForm(request.POST if action == "send" else None)
    code_form = PhoneCodeForm(request.POST if action == "check" else None)
    form, done = {
        "send": (number_form, _("A code is on its way to your phone. Enter it below.")),
        "check": (code_form, _("Your mobile number is verified. You can choose text messages now.")),
    }.get(action, (None, ""))
    if action == "remove":
        phone_remove(user=request.user, actor=request.user)
        messages.success(request, _("Your mobile number is removed; text messages stop."))
        return redirect("phone")
    if form is not None and form.is_valid():
        try:
            if action == "send":
                phone_code_send(user=request.user, number=form.cleaned_data["number"], actor=request.user)
            else:
                phone_code_check(user=request.user, code=form.cleaned_data["code"], actor=request.user)
        except SupporterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect("phone")
    context = {"verification": verification, "number_form": number_form, "code_form": code_form}
    return render(request, "supporters/phone.html", context)
