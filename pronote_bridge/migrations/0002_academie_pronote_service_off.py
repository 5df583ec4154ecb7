"""The académie-wide Pronote service seeded by ``sso.0002`` points at Index Éducation's public
demo (https://demo.index-education.net/pronote/), which is nobody's Pronote: kept active, it would
receive tickets — and, at their validation, the names, birth dates and postal codes of the "pronote"
attributes — of every school's users. It is switched off; each establishment registers its own
Pronote through its Pronote settings (pronote_bridge), and the tile says so until then."""

from django.db import migrations

DEMO_HOST = "demo.index-education.net"


def seed(apps, schema_editor):
    RegisteredService = apps.get_model("sso", "RegisteredService")
    RegisteredService.objects.filter(
        establishment__isnull=True, application__slug="pronote", url__contains=DEMO_HOST
    ).update(is_active=False)


def switch_back_on(apps, schema_editor):
    RegisteredService = apps.get_model("sso", "RegisteredService")
    RegisteredService.objects.filter(
        establishment__isnull=True, application__slug="pronote", url__contains=DEMO_HOST
    ).update(is_active=True)


class Migration(migrations.Migration):
    dependencies = [("pronote_bridge", "0001_initial"), ("sso", "0002_pronote_tile_service")]

    operations = [migrations.RunPython(seed, switch_back_on)]
