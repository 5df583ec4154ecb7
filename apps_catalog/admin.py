"""The "Mes applications" catalogue: categories, applications and who sees them (profiles)."""

from django import forms
from django.contrib import admin
from django.db import models, transaction

from accounts.models import User

from .models import Application, ApplicationAudience, Category, bump_catalog_version


class LabelledRowsMixin:
    """The list's editable inputs have no <label>: each gets an aria-label naming the field and
    the row ("Ordre — Pronote"), so a screen reader tells them apart."""

    def get_changelist_form(self, request, **kwargs):
        base = super().get_changelist_form(request, **kwargs)  # type: ignore[misc]

        class LabelledForm(base):  # type: ignore[misc, valid-type]
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    label = f"{field.label} — {self.instance}" if self.instance.pk else field.label
                    field.widget.attrs["aria-label"] = label

        return LabelledForm


@admin.register(Category)
class CategoryAdmin(LabelledRowsMixin, admin.ModelAdmin):
    list_display = ("name", "order", "application_count")
    list_editable = ("order",)
    search_fields = ("name",)

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(application_total=Count("applications"))

    @admin.display(description="applications", ordering="application_total")
    def application_count(self, obj):
        return obj.application_total


def _https_by_default(field, **kwargs):
    # A secretary typing "pronote.example.fr" means https, as Django 6 will assume.
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ApplicationForm(forms.ModelForm):
    """Profiles as checkboxes; saved as ApplicationAudience rows by the admin."""

    url = forms.URLField(label="adresse", max_length=500, assume_scheme="https")
    profiles = forms.MultipleChoiceField(
        label="profils autorisés",
        choices=User.Profile.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Seuls ces profils voient la tuile dans « Mes applications ». Aucun coché : personne.",
    )

    class Meta:
        model = Application
        fields = (
            "name",
            "slug",
            "description",
            "category",
            "order",
            "is_active",
            "url",
            "opens_with",
            "icon",
        )
        formfield_callback = _https_by_default

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault(
                "profiles", [audience.profile for audience in self.instance.audiences.all()]
            )


class AudienceDescriptionForm(forms.ModelForm):
    """A tabular inline has column headings, not <label>s: the text area is named with its row
    ("Description pour le profil Parent") so a screen reader says which one it is in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            label = f"Description pour le profil {self.instance.get_profile_display()}"
            self.fields["description"].widget.attrs["aria-label"] = label


class AudienceDescriptionInline(admin.TabularInline):
    """The tile's text per profile; which profiles see the tile is chosen above (checkboxes)."""

    model = ApplicationAudience
    form = AudienceDescriptionForm
    fields = ("profile", "description")
    readonly_fields = ("profile",)
    extra = 0
    can_delete = False
    verbose_name = "description pour un profil"
    verbose_name_plural = "descriptions par profil"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(LabelledRowsMixin, admin.ModelAdmin):
    form = ApplicationForm
    inlines = (AudienceDescriptionInline,)
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"}
    }  # the list's inline editing too
    list_display = ("name", "category", "opens_with", "is_active", "order", "profiles_column")
    list_filter = ("category", "is_active", "opens_with", "audiences__profile")
    list_editable = ("is_active", "order")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("category",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "description", "category", "order", "is_active")}),
        ("Ouverture", {"fields": ("url", "opens_with", "icon")}),
        ("Qui la voit", {"fields": ("profiles",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("audiences")

    @admin.display(description="profils")
    def profiles_column(self, obj):
        labels = [audience.get_profile_display() for audience in obj.audiences.all()]
        return ", ".join(sorted(labels)) or "aucun"

    @transaction.atomic
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        application = form.instance
        wanted = set(form.cleaned_data.get("profiles", []))
        current = set(application.audiences.values_list("profile", flat=True))
        if wanted == current:
            return
        application.audiences.exclude(profile__in=wanted).delete()
        ApplicationAudience.objects.bulk_create(
            [
                ApplicationAudience(application=application, profile=p)
                for p in sorted(wanted - current)
            ]
        )
        # bulk_create and queryset.delete skip the model hooks: invalidate the tiles ourselves.
        bump_catalog_version()
