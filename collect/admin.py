"""Django admin: form integrations, made, renewed and switched off through collect.services (by a
kabupaten administrator); the secret is shown once, in the message after the save or the renewal."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from .forms import administered_kabupaten
from .models import FormIntegration
from .selectors import formintegration_visible_to
from .services import formintegration_create, formintegration_deactivate, formintegration_token_renew


class FormIntegrationAddForm(forms.ModelForm):
    area = forms.ModelChoiceField(label=_("kabupaten"), queryset=None)
    download_base_url = forms.URLField(
        label=_("alamat unduh lampiran"), max_length=300, required=False, assume_scheme="https"
    )

    class Meta:
        model = FormIntegration
        fields = [
            "name",
            "kind",
            "area",
            "person",
            "organisation",
            "download_base_url",
            "download_authorization",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = administered_kabupaten(self.request_user)


def _secret_message(request, integration, token) -> None:
    messages.warning(
        request,
        _("Rahasia integrasi %(name)s (tampil sekali ini saja, simpan di Kobo/ODK): %(token)s")
        % {"name": integration.name, "token": token},
    )


@admin.register(FormIntegration)
class FormIntegrationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "area",
        "person",
        "organisation",
        "is_active",
        "token_hint",
        "last_submission_at",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    raw_id_fields = ["person", "organisation"]
    actions = ["renew_token", "deactivate"]

    def get_queryset(self, request):
        """The integrations of the kabupaten the administrator manages (the app's pages' selector)."""
        return formintegration_visible_to(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = FormIntegrationAddForm
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request_user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [f.name for f in FormIntegration._meta.fields if f.name != "id"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied
        try:
            integration, token = formintegration_create(by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            raise PermissionDenied(" ".join(exc.messages)) from exc
        obj.pk = integration.pk
        _secret_message(request, integration, token)

    @admin.action(description=_("Buat rahasia baru (yang lama langsung tidak berlaku)"))
    def renew_token(self, request, queryset):
        for integration in queryset:
            try:
                token = formintegration_token_renew(integration=integration, by_user=request.user)
            except ValidationError as exc:
                messages.error(request, f"{integration.name}: {' '.join(exc.messages)}")
            else:
                _secret_message(request, integration, token)

    @admin.action(description=_("Nonaktifkan integrasi"))
    def deactivate(self, request, queryset):
        for integration in queryset:
            formintegration_deactivate(integration=integration, by_user=request.user)
        messages.success(request, _("Integrasi dinonaktifkan."))
