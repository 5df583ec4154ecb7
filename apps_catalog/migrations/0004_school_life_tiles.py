"""The cahier de textes and the vie scolaire are pages of the portal now (no longer links to the
académie's I-Cart): both cahier de textes tiles open them, and staff get a "Vie scolaire" tile
(roll call for teachers, the vie scolaire desk for the CPE and the direction). A tile whose
address the school already changed is left as it is. Going back leaves the tiles as they are
(the pages stay)."""

from django.db import migrations

SEEDED = {
    "cahier-de-textes": ("https://ent.ac-poitiers.fr/cahier-de-textes/", "https://cartable.invalid/cahier-de-textes/"),
    "consultation-cahier-de-textes": (
        "https://ent.ac-poitiers.fr/cahier-de-textes/consultation/",
        "https://cartable.invalid/cahier-de-textes/consultation/",
    ),
}
VIE_SCOLAIRE = {
    "slug": "vie-scolaire",
    "name": "Vie scolaire",
    "description": "L'appel de vos classes, les absences, les retards, les punitions et les observations.",
    "icon": "fr-icon-calendar-event-line",
    "url": "https://cartable.invalid/vie-scolaire/",
    "opens_with": "page",
    "order": 25,
}


def seed(apps, schema_editor):
    Application = apps.get_model("apps_catalog", "Application")
    ApplicationAudience = apps.get_model("apps_catalog", "ApplicationAudience")
    Category = apps.get_model("apps_catalog", "Category")
    for slug, (seeded, page) in SEEDED.items():
        Application.objects.filter(slug=slug, url=seeded).update(url=page, opens_with="page")
    category = Category.objects.filter(name="Vie scolaire et ressources").first()
    if category is not None and not Application.objects.filter(slug=VIE_SCOLAIRE["slug"]).exists():
        application = Application.objects.create(category=category, **VIE_SCOLAIRE)
        ApplicationAudience.objects.bulk_create(
            [ApplicationAudience(application=application, profile=p) for p in ("enseignant", "personnel")]
        )
    from apps_catalog.models import bump_catalog_version

    bump_catalog_version()


class Migration(migrations.Migration):
    dependencies = [("apps_catalog", "0003_seed_catalogue")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
