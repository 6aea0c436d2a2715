"""What the family admins share: refusals shown as form errors, inline rows saved by services."""

from genk_village.errors import ServiceError

from ..models import DEPRIVATION_ITEMS


class ServiceRefusalsAsFormErrors:
    """A save the service refuses (in save_model, save_related or save_formset) shows the add or change
    page again with the refusal as the form's error, instead of a 500. The admin's transaction rolls the
    refused submission back; the page is then rendered once more with the same data and the error."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceError as error:
            if request.method != "POST":
                raise
            request.service_refusal = error
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "service_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                self.add_error(None, str(refusal))
                return cleaned

        return RefusedForm


def save_new_rows(formset, record) -> None:
    """Save an inline's new rows through their service (`record(cleaned_data)`); its existing rows are
    read-only. The admin's change message and audit read the formset's object lists, set here."""
    formset.new_objects = [record(form.cleaned_data) for form in formset.extra_forms if form.has_changed()]
    formset.changed_objects = []
    formset.deleted_objects = []


def missing_items(cleaned_data) -> list[str]:
    """The deprivation items a check form leaves unticked (a ticked box: the child has it)."""
    return [code for code, _label in DEPRIVATION_ITEMS if not cleaned_data.get(f"has_{code}")]
