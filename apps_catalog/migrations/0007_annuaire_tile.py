"""An "Annuaire des utilisateurs" tile (seed 004: the I-Cart bureau's link of that name), in
Communication next to Mes courriels, for the school community: it opens Cartable's own annuaire,
which lists the people the user may write to. Not added twice; going back removes it only if
its address is still the seeded one."""

from django.db import migrations

PAGE = "https://cartable.invalid/annuaire/"
TILE = {
    "slug": "annuaire",
    "name": "Annuaire des utilisateurs",
    "description": "Les personnes de l'établissement auxquelles vous pouvez écrire : "
    "recherche par nom, « Écrire » et « Ajouter au carnet ».",
    "icon": "fr-icon-team-line",
    "url": PAGE,
    "opens_with": "page",
    "order": 20,
}
PROFILES = ("eleve", "parent", "enseignant", "personnel")


def seed(apps, schema_editor):
    Application = apps.get_model("apps_catalog", "Application")
    ApplicationAudience = apps.get_model("apps_catalog", "ApplicationAudience")
    Category = apps.get_model("apps_catalog", "Category")
    category = Category.objects.filter(name="Communication").first()
    if category is not None and not Application.objects.filter(slug=TILE["slug"]).exists():
        application = Application.objects.create(category=category, **TILE)
        ApplicationAudience.objects.bulk_create(
            [ApplicationAudience(application=application, profile=p) for p in PROFILES]
        )
    from apps_catalog.models import bump_catalog_version

    bump_catalog_version()


def unseed(apps, schema_editor):
    Application = apps.get_model("apps_catalog", "Application")
    Application.objects.filter(slug=TILE["slug"], url=PAGE).delete()


class Migration(migrations.Migration):
    dependencies = [("apps_catalog", "0006_messagerie_tile")]

    operations = [migrations.RunPython(seed, unseed)]
