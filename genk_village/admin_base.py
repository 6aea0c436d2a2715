"""What every back-office page shares: the coordinators' site, city scoping, the audit trail, exports."""

import datetime
import io
import itertools
import zipfile

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import NotRelationField, get_fields_from_path, quote
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import exports
from .admin_site import is_coordinator
from .audit import audit
from .errors import ServiceError
from .models import AuditEntry
from .privacy import subject_access_zip


def service_action(description, success, service, arg: str):
    """An admin action that runs `service(<arg>=row, actor=user)` on each selected row (apply_service).

    `success` is an `ngettext_lazy(singular, plural, "count")`: "1 keuze genoteerd", "2 keuzes genoteerd"."""

    @admin.action(description=description)
    def action(modeladmin, request, queryset):
        modeladmin.apply_service(
            request, queryset, lambda obj: service(**{arg: obj}, actor=request.user), success
        )

    return action


def visible(queryset, user):
    """`queryset` as `user` may see it: through its model's `visible_to`, everything for a superuser.

    None when the model has no visibility rule of its own (languages, badges, content types: shared by
    every city)."""
    if user.is_superuser:
        return queryset
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    return None


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


class VisibleRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A list filter on a related field offers only the related objects the user may see."""

    def field_choices(self, field, request, model_admin):
        related = field.related_model
        queryset = visible(related._default_manager.all(), request.user)
        if queryset is None:
            return super().field_choices(field, request, model_admin)
        if isinstance(field, models.Field):  # a forward relation; a reverse one has neither
            queryset = queryset.complex_filter(field.get_limit_choices_to())
            value_of = field.remote_field.get_related_field().attname
        else:
            value_of = "pk"
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            queryset = queryset.order_by(*ordering)
        return [(getattr(obj, value_of), str(obj)) for obj in queryset]


class VisibleRawIdWidget(ForeignKeyRawIdWidget):
    """The raw id input names the object of an id only when the user may see it: Django's looks up any."""

    def __init__(self, rel, admin_site, *, queryset, **kwargs):
        super().__init__(rel, admin_site, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            found = self.queryset.filter(**{key: value}).exists()
        except (ValueError, TypeError, ValidationError):
            found = False
        return super().label_and_url_for_value(value) if found else ("", "")


class VisibleChoicesMixin:
    """City isolation by construction, for model admins and inlines alike.

    The rows come from `model.objects.visible_to(user)`; every field that points at another model takes
    its choices from that model's `visible_to` (so another city's id is "Select a valid choice" and its
    name is never rendered, by a select, an autocomplete or a raw id input); and every list filter on a
    related field lists only visible objects. Autocomplete results come from the related model's admin,
    whose queryset is scoped the same way.
    """

    # For a model of another package, without `visible_to` (allauth's e-mail addresses): the lookup from
    # the model to its city. A model with neither shows nothing to a coordinator.
    city_path: str | None = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scoped = visible(queryset, request.user)
        if scoped is not None:
            return scoped
        if self.city_path and request.user.city_id:
            return queryset.filter(**{self.city_path: request.user.city_id})
        return queryset.none()

    def get_field_queryset(self, db, db_field, request):
        ordered = super().get_field_queryset(db, db_field, request)
        queryset = ordered if ordered is not None else db_field.remote_field.model._default_manager.using(db)
        scoped = visible(queryset.all(), request.user)
        return scoped if scoped is not None else ordered

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, ForeignKeyRawIdWidget):
            formfield.widget = VisibleRawIdWidget(
                db_field.remote_field,
                self.admin_site,
                queryset=formfield.queryset,
                attrs=formfield.widget.attrs,
                using=kwargs.get("using"),
            )
        return formfield

    def get_list_filter(self, request):
        return [self._visible_filter(entry) for entry in super().get_list_filter(request)]

    def _visible_filter(self, entry):
        if isinstance(entry, tuple | list) and entry[1] is admin.RelatedFieldListFilter:
            return (entry[0], VisibleRelatedFieldListFilter)
        if not isinstance(entry, str):
            return entry
        try:
            field = get_fields_from_path(self.model, entry)[-1]
        except (FieldDoesNotExist, NotRelationField):
            return entry
        return (entry, VisibleRelatedFieldListFilter) if field.is_relation else entry


def privacy_actions(*, export_label, collect, name_of, erase, success) -> tuple:
    """The two privacy-rights actions of a family or a person: export everything held (a ZIP of
    `collect(obj)`, named `name_of(obj)`) and erase it (`erase(obj, actor)`) after a confirmation."""

    @admin.action(description=export_label)
    def export_file(modeladmin, request, queryset):
        return modeladmin.subject_access_response(request, queryset, collect, name_of)

    @admin.action(description=_("Erase personal data (anonymise)"))
    def erase_file(modeladmin, request, queryset):
        return modeladmin.confirm_then(
            request, queryset, "erase", lambda obj: erase(obj, request.user), success
        )

    return export_file, erase_file


class CityScopedAdmin(VisibleChoicesMixin, admin.ModelAdmin):
    """A coordinator sees and edits only what their city's `visible_to` allows; every change is audited.

    `audited` says whether reads of a change page, saves, deletes and exports are written to the audit
    trail (family, child, guardian, check, assessment, consent, contact and coach records are).
    """

    audited = False
    export_fields: tuple[str, ...] = ()
    actions = ["export_csv", "export_xlsx"]

    def action_checkbox(self, obj):
        """Django's row checkbox, written out rather than rendered through a widget template: the same
        markup at a fifth of a 100-row list's rendering time."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )

    def has_module_permission(self, request) -> bool:
        return is_coordinator(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_coordinator(request.user)

    def has_add_permission(self, request) -> bool:
        return is_coordinator(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_coordinator(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_coordinator(request.user)

    def audit_target(self, obj) -> models.Model:
        """The record an entry is filed under: a family's child or guardian is part of its file."""
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Opening a record of an audited admin is a read of personal data: a GET of its change page goes
        into the audit trail, filed under its `audit_target`; the POST that saves it is logged as a change."""
        if self.audited and request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None:
                target = self.audit_target(obj)
                audit(
                    actor=request.user,
                    action=f"{self.model._meta.label_lower}.viewed",
                    target=target,
                    city_id=getattr(target, "city_id", None),
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change and hasattr(obj, "city_id") and not obj.city_id and not request.user.is_superuser:
            obj.city_id = request.user.city_id
        super().save_model(request, obj, form, change)
        if self.audited:
            self._audit(request, obj, "changed" if change else "created", form.changed_data)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        self.audit_formset(request, form, formset)

    def audit_formset(self, request, form, formset) -> None:
        """The inline rows a save created, changed and deleted (the formset's object lists)."""
        if not self.audited:
            return
        for obj in formset.new_objects:
            self._audit(request, obj, "created", [], parent=form.instance)
        for obj, fields in formset.changed_objects:
            self._audit(request, obj, "changed", fields, parent=form.instance)
        for obj in formset.deleted_objects:
            self._audit(request, obj, "deleted", [], parent=form.instance)

    def delete_model(self, request, obj):
        if self.audited:
            self._audit(request, obj, "deleted", [])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    # Django's "The {name} “{obj}” was added successfully." needs the noun's gender in Dutch and French
    # ("De gezin" is wrong, it is "het gezin"): these sentences name the record only. Every branch of
    # Django's response_add/change/delete sends its one success message through message_user.
    def response_add(self, request, obj, post_url_continue=None):
        request.saved_message = self._saved_message(request, _("“%(obj)s” is added."), obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        request.saved_message = self._saved_message(request, _("“%(obj)s” is saved."), obj)
        return super().response_change(request, obj)

    def response_delete(self, request, obj_display, obj_id):
        request.saved_message = escape(_("“%(obj)s” is deleted.")) % {"obj": escape(obj_display)}
        return super().response_delete(request, obj_display, obj_id)

    def _saved_message(self, request, sentence, obj) -> str:
        """The sentence with the record linked to its change page, as Django's own message links it."""
        name = escape(obj)
        if self.has_change_permission(request, obj):
            url = reverse(
                f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change",
                args=(quote(obj.pk),),
                current_app=self.admin_site.name,
            )
            name = format_html('<a href="{}">{}</a>', url, obj)
        return mark_safe(escape(sentence) % {"obj": name})  # noqa: S308 - the sentence and the name are escaped

    def message_user(self, request, message, level=messages.INFO, extra_tags="", fail_silently=False):
        if level == messages.SUCCESS and getattr(request, "saved_message", None) is not None:
            message, request.saved_message = request.saved_message, None
        super().message_user(request, message, level, extra_tags, fail_silently)

    def _audit(self, request, obj, verb: str, fields, parent=None) -> None:
        target = self.audit_target(parent if parent is not None else obj)
        prefix = f"{obj._meta.model_name}." if target is not obj else ""
        audit(
            actor=request.user,
            action=f"{obj._meta.label_lower}.{verb}",
            target=target,
            city_id=getattr(target, "city_id", None),
            fields=[f"{prefix}{name}" for name in fields],
        )

    def apply_service(self, request, queryset, service, success) -> None:
        """Run a service on each selected row; each refusal becomes a message, the rest goes through.

        `success` is an `ngettext_lazy(..., "count")`, told the number of rows that went through."""
        done = 0
        for obj in queryset:
            try:
                service(obj)
                done += 1
            except ServiceError as error:
                self.message_user(request, f"{obj}: {error}", messages.WARNING)
        if done:
            self.message_user(request, success % {"count": done}, messages.SUCCESS)

    def confirm_then(self, request, queryset, action: str, erase, success):
        """Destructive actions show a confirmation page first; only the confirmed POST erases."""
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/privacy_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "objects": list(queryset),
                    "action": action,
                    "opts": self.model._meta,
                    "title": _("Erase personal data?"),
                    "subtitle": None,
                },
            )
        done = sum(bool(erase(obj)) for obj in queryset)
        self.message_user(request, success % {"count": done}, messages.SUCCESS)
        return None

    def subject_access_response(self, request, queryset, collect, name_of):
        """One record: its ZIP; several: one ZIP with each record's JSON. Each record's export is
        audited on its own (subject_access_zip writes the entry)."""
        objects = list(queryset)
        files = {
            name_of(obj): subject_access_zip(collect(obj), name=name_of(obj), actor=request.user, target=obj)
            for obj in objects
        }
        if len(files) == 1:
            [(name, payload)] = files.items()
        else:
            name = self._export_name("zip").removesuffix(".zip")
            payload = _merged_zip(files)
        response = HttpResponse(payload, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
        return response

    # Exports -----------------------------------------------------------------------------------------
    def _export_rows(self, request, queryset):
        fields = self.export_fields or tuple(f.name for f in self.model._meta.concrete_fields)
        related = [f for f in fields if isinstance(self.model._meta.get_field(f), models.ForeignKey)]
        queryset = queryset.select_related(*related)
        headers = [str(self.model._meta.get_field(f).verbose_name) for f in fields]
        if self.audited:
            self._audit_export(request, queryset)

        def cell(obj, name):
            value = getattr(obj, name)
            if hasattr(obj, f"get_{name}_display"):
                return str(getattr(obj, f"get_{name}_display")())
            if isinstance(value, models.Model):
                return str(value)
            if isinstance(value, datetime.datetime):  # spreadsheets hold no time zones: local wall time
                return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
            if value is None or isinstance(value, str | int | float | datetime.date):
                return value
            if isinstance(value, list):
                return ", ".join(map(str, value))
            return str(value)

        return headers, ([cell(obj, name) for name in fields] for obj in queryset.iterator(chunk_size=2000))

    def _audit_export(self, request, queryset) -> None:
        targets = [self.audit_target(obj) for obj in queryset]
        if not targets:
            return
        target_type = ContentType.objects.get_for_model(targets[0])
        action = f"{self.model._meta.label_lower}.exported"
        now = timezone.now()
        AuditEntry.objects.bulk_create(
            AuditEntry(
                actor=request.user,
                city_id=target.city_id,
                action=action,
                target_type=target_type,
                target_id=str(target.pk),
                created_at=now,
            )
            for target in targets
        )

    def _export_name(self, extension: str) -> str:
        return f"{self.model._meta.model_name}-{timezone.localdate():%Y%m%d}.{extension}"

    @admin.action(description=_("Export selected as CSV"))
    def export_csv(self, request, queryset):
        headers, rows = self._export_rows(request, queryset)
        response = HttpResponse(
            exports.csv_text(itertools.chain([headers], rows)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self._export_name("csv")}"'
        return response

    @admin.action(description=_("Export selected as Excel (XLSX)"))
    def export_xlsx(self, request, queryset):
        headers, rows = self._export_rows(request, queryset)
        response = HttpResponse(
            exports.xlsx_bytes(
                itertools.chain([headers], rows), sheet_title=self.model._meta.verbose_name_plural
            ),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{self._export_name("xlsx")}"'
        return response


def _merged_zip(files: dict[str, bytes]) -> bytes:
    """One ZIP of several subject-access ZIPs: every record's JSON, and the note they share once."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as merged:
        for payload in files.values():
            with zipfile.ZipFile(io.BytesIO(payload)) as single:
                for member in single.namelist():
                    if member not in merged.namelist():
                        merged.writestr(member, single.read(member))
    return buffer.getvalue()


class ReadOnlyAdmin(CityScopedAdmin):
    """Records the app writes as they happen (ledgers, snapshots, the audit trail, notifications):
    coordinators read them, nobody adds, edits or deletes them here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CityScopedInline(VisibleChoicesMixin):
    """Mixin for inlines: coordinator-only, rows and choices through `visible_to` as in CityScopedAdmin."""

    def has_view_permission(self, request, obj=None) -> bool:
        return is_coordinator(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return is_coordinator(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_coordinator(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_coordinator(request.user)


class ReadOnlyInline(CityScopedInline):
    """Rows the app writes (a challenge's history, reports, contacts): shown on the parent, never edited."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
