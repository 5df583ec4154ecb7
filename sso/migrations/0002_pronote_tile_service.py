"""The seeded Pronote tile opens a registered service: the académie's (every establishment),
releasing the "pronote" attributes, with single logout. The secretariat gives each collège its
own Pronote address in the administration."""

from django.db import migrations


def seed(apps, schema_editor):
    Application = apps.get_model("apps_catalog", "Application")
    RegisteredService = apps.get_model("sso", "RegisteredService")
    for tile in Application.objects.filter(opens_with="sso"):
        if RegisteredService.objects.filter(application=tile).exists():
            continue
        profiles = sorted(tile.audiences.values_list("profile", flat=True))
        RegisteredService.objects.create(
            name=tile.name,
            url=tile.url,
            application=tile,
            profiles=profiles,
            attribute_profile="pronote" if tile.slug == "pronote" else "default",
            identity_mode="login",
            single_logout=True,
        )


def unregister_pronote(apps, schema_editor):
    RegisteredService = apps.get_model("sso", "RegisteredService")
    RegisteredService.objects.filter(establishment__isnull=True, application__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [("sso", "0001_initial"), ("apps_catalog", "0004_school_life_tiles")]

    operations = [migrations.RunPython(seed, unregister_pronote)]
