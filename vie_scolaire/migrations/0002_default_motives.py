"""Every establishment that exists already gets the default list of motives (new establishments
get it when created, vie_scolaire.motives)."""

from django.db import migrations


def seed(apps, schema_editor):
    from vie_scolaire.motives import default_motives_create

    Establishment = apps.get_model("accounts", "Establishment")
    Motive = apps.get_model("vie_scolaire", "Motive")
    for establishment_id in Establishment.objects.values_list("pk", flat=True):
        default_motives_create(Motive, establishment_id)


class Migration(migrations.Migration):
    dependencies = [("vie_scolaire", "0001_initial"), ("accounts", "0008_teaching_structure_and_notices")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
