"""Each profile reads a tile in its own words: "…de vos enfants" only for parents, "vos classes"
only for teachers. The texts are given only where the school kept the seeded description and
wrote no text of its own for that profile. Going back drops the column (and the texts)."""

from django.db import migrations, models

SEEDED = {
    "pronote": (
        "Cahier de textes, notes et compétences, absences et retards, communication avec les professeurs.",
        {
            "eleve": "Votre cahier de textes, vos notes et compétences, vos absences et retards, la communication avec vos professeurs.",
            "parent": "Le cahier de textes, les notes et compétences, les absences et retards de vos enfants, la communication avec leurs professeurs.",
            "enseignant": "Cahier de textes, notes et compétences, appel de vos classes, communication avec les familles.",
            "personnel": "Vie scolaire, absences et retards, communication avec les familles et les professeurs.",
        },
    ),
    "cahier-de-textes": (
        "Le travail à faire et le compte rendu des séances de vos classes (ou de celles de vos enfants).",
        {
            "eleve": "Le travail à faire et le compte rendu des séances de votre classe.",
            "parent": "Le travail à faire et le compte rendu des séances des classes de vos enfants.",
            "enseignant": "Le travail à faire et le compte rendu des séances de vos classes.",
        },
    ),
    "teleservices": (
        "Votre compte, la vie scolaire, les notes et les services en ligne : bourse, orientation, fiche de renseignements.",
        {
            "eleve": "Votre vie scolaire, votre cahier de textes, vos notes et votre livret scolaire.",
            "parent": "La vie scolaire, le cahier de textes, les notes et le livret de vos enfants, et les services en ligne : bourse, orientation, fiche de renseignements.",
        },
    ),
    "vie-scolaire": (
        "L'appel de vos classes, les absences, les retards, les punitions et les observations.",
        {
            "enseignant": "L'appel de vos classes, les absences, les retards, les punitions et les observations.",
            "personnel": "Le suivi des absences et des retards, les justificatifs, les punitions et les observations des élèves.",
        },
    ),
}


def seed(apps, schema_editor):
    Application = apps.get_model("apps_catalog", "Application")
    ApplicationAudience = apps.get_model("apps_catalog", "ApplicationAudience")
    for slug, (seeded, texts) in SEEDED.items():
        application = Application.objects.filter(slug=slug, description=seeded).first()
        if application is None:
            continue
        for profile, text in texts.items():
            ApplicationAudience.objects.filter(
                application=application, profile=profile, description=""
            ).update(description=text)
    from apps_catalog.models import bump_catalog_version

    bump_catalog_version()


class Migration(migrations.Migration):
    dependencies = [("apps_catalog", "0004_school_life_tiles")]

    operations = [
        migrations.AddField(
            model_name="applicationaudience",
            name="description",
            field=models.CharField(
                blank=True,
                help_text="Laissée vide : la description de l'application.",
                max_length=255,
                verbose_name="description pour ce profil",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
