"""The catalogue of a collège's ENT as families and staff know it from I-Cart.

Addresses are the académie's defaults; the secretariat adapts them (e.g. the collège's own Pronote
address) in the administration.
"""

from django.db import migrations

ELEVE, PARENT, ENSEIGNANT, PERSONNEL, REGION, AUTRE = "eleve", "parent", "enseignant", "personnel", "region", "autre"
EVERYONE = [ELEVE, PARENT, ENSEIGNANT, PERSONNEL, REGION, AUTRE]
SCHOOL_COMMUNITY = [ELEVE, PARENT, ENSEIGNANT, PERSONNEL]

CATEGORIES = [
    ("Vie scolaire et ressources", 10),
    ("Communication", 20),
    ("Services", 30),
]

APPLICATIONS = [
    # category, order, slug, name, description, icon, url, opens_with, profiles
    ("Vie scolaire et ressources", 10, "pronote", "Pronote",
     "Cahier de textes, notes et compétences, absences et retards, communication avec les professeurs.",
     "fr-icon-calendar-line", "https://demo.index-education.net/pronote/", "sso", SCHOOL_COMMUNITY),
    ("Vie scolaire et ressources", 20, "cahier-de-textes", "Cahier de textes",
     "Le travail à faire et le compte rendu des séances de vos classes (ou de celles de vos enfants).",
     "fr-icon-book-2-line", "https://ent.ac-poitiers.fr/cahier-de-textes/", "link", [ENSEIGNANT, ELEVE, PARENT]),
    ("Vie scolaire et ressources", 30, "consultation-cahier-de-textes", "Consultation du cahier de textes",
     "Permet de visualiser le cahier de textes de toutes les classes du collège.",
     "fr-icon-survey-line", "https://ent.ac-poitiers.fr/cahier-de-textes/consultation/", "link", SCHOOL_COMMUNITY),
    ("Vie scolaire et ressources", 40, "portail-cdi", "Portail du CDI",
     "Le catalogue et les ressources du centre de documentation et d'information (e-sidoc).",
     "fr-icon-booklet-line", "https://www.esidoc.fr/", "link", SCHOOL_COMMUNITY),
    ("Vie scolaire et ressources", 50, "sacoche", "SACoche",
     "Les évaluations par compétences, en particulier en 6e et 5e.",
     "fr-icon-award-line", "https://sacoche.sesamath.net/", "link", [ELEVE, PARENT, ENSEIGNANT]),
    ("Communication", 10, "mes-courriels", "Mes courriels",
     "Votre messagerie de l'ENT : le premier message s'intitule « Ouverture de votre compte de messagerie ».",
     "fr-icon-mail-line", "https://ent.ac-poitiers.fr/messagerie/", "link", EVERYONE),
    ("Services", 10, "teleservices", "Services Téléservices",
     "Votre compte, la vie scolaire, les notes et les services en ligne : bourse, orientation, fiche de renseignements.",
     "fr-icon-file-text-line", "https://cartable.invalid/teleservices/", "page", [ELEVE, PARENT]),
    ("Services", 20, "site-academique", "Site académique",
     "Lien vers le site internet de l'académie de Poitiers.",
     "fr-icon-global-line", "https://www.ac-poitiers.fr/", "link", EVERYONE),
]


def seed(apps, schema_editor):
    Category = apps.get_model("apps_catalog", "Category")
    Application = apps.get_model("apps_catalog", "Application")
    ApplicationAudience = apps.get_model("apps_catalog", "ApplicationAudience")
    categories = {}
    for name, order in CATEGORIES:
        categories[name], _ = Category.objects.get_or_create(name=name, defaults={"order": order})
    for category, order, slug, name, description, icon, url, opens_with, profiles in APPLICATIONS:
        application, created = Application.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name, "description": description, "icon": icon, "url": url,
                "opens_with": opens_with, "category": categories[category], "order": order,
            },
        )
        if created:
            ApplicationAudience.objects.bulk_create(
                [ApplicationAudience(application=application, profile=profile) for profile in profiles]
            )
    # Historical models do not run Model.save(): drop cached tile lists by hand.
    from apps_catalog.models import bump_catalog_version

    bump_catalog_version()


class Migration(migrations.Migration):
    dependencies = [("apps_catalog", "0002_alter_application_icon_alter_application_opens_with")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
