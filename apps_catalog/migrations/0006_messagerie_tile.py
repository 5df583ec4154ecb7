"""The "Mes courriels" tile opens Cartable's own mailbox (no longer the académie's I-Cart). A tile
whose address the school already changed is left as it is. Going back leaves the tile as it is
(the mailbox stays)."""

from django.db import migrations

SEEDED = "https://ent.ac-poitiers.fr/messagerie/"
PAGE = "https://cartable.invalid/courriels/"


def seed(apps, schema_editor):
    Application = apps.get_model("apps_catalog", "Application")
    Application.objects.filter(slug="mes-courriels", url=SEEDED).update(url=PAGE, opens_with="page")
    from apps_catalog.models import bump_catalog_version

    bump_catalog_version()


class Migration(migrations.Migration):
    dependencies = [("apps_catalog", "0005_audience_descriptions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
