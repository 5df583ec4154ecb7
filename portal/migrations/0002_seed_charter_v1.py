"""Version 1 of the charte d'utilisation de l'ENT, accepted by every user at first connection."""

from django.db import migrations

TITLE = "Charte d'utilisation de l'Environnement Numérique de Travail (ENT)"

BODY = """\
1. Objet de la charte
La présente charte définit les règles d'utilisation de l'Environnement Numérique de Travail (ENT) du collège et des services en ligne qui y sont rattachés (Téléservices, Pronote, messagerie, ressources). Elle s'applique à tous les utilisateurs : élèves, parents et responsables légaux, enseignants, personnels de l'établissement et de la collectivité. L'accès à l'ENT vaut acceptation de la charte ; elle complète le règlement intérieur du collège.

2. Un compte personnel
Chaque utilisateur dispose d'un compte personnel, composé d'un identifiant et d'un mot de passe. Ce compte est strictement personnel : il ne doit être ni prêté, ni partagé, ni utilisé par une autre personne. Les parents ont des comptes indépendants de ceux de leurs enfants. L'utilisateur choisit un mot de passe robuste, le garde secret, le change s'il pense qu'il a été découvert, et se déconnecte après chaque utilisation, en particulier sur un ordinateur partagé. Toute action réalisée avec un compte est réputée faite par son titulaire.

3. Respect des autres et de la loi
L'ENT est un espace éducatif. Chacun s'y exprime avec courtoisie et respect. Sont interdits notamment : les propos injurieux, diffamatoires, racistes, sexistes ou discriminatoires ; le harcèlement, y compris le cyberharcèlement ; la diffusion de contenus violents, pornographiques ou contraires à l'ordre public ; l'usurpation d'identité ; la publication de l'image ou de la voix d'une personne sans son accord ; la diffusion d'œuvres (textes, images, musiques, vidéos, logiciels) sans respecter le droit d'auteur. Les messages et documents sont utilisés uniquement dans le cadre de la scolarité et de la vie de l'établissement, sans publicité ni fin commerciale.

4. Sécurité et bon usage
L'utilisateur ne cherche pas à accéder à des informations ou à des comptes qui ne sont pas les siens, ne tente pas de contourner les protections de l'ENT et ne diffuse pas de programmes malveillants. Il signale sans délai au collège toute anomalie, tout usage frauduleux de son compte ou tout contenu inapproprié.

5. Protection des données personnelles (RGPD)
Les données traitées dans l'ENT (identité, classe, responsables légaux, coordonnées, travaux, résultats, messages) sont utilisées uniquement pour les missions d'enseignement et de vie scolaire, sous la responsabilité du chef d'établissement, conformément au Règlement général sur la protection des données (RGPD) et à la loi Informatique et Libertés. Elles ne sont ni vendues ni utilisées à des fins publicitaires. Les connexions sont journalisées pour la sécurité du service et conservées pendant une durée limitée. Chaque utilisateur dispose d'un droit d'accès, de rectification et, dans les cas prévus par la loi, d'opposition et de limitation, qu'il exerce auprès du chef d'établissement ou du délégué à la protection des données de l'académie. Il peut adresser une réclamation à la CNIL.

6. Respect des données des autres
Les informations auxquelles l'utilisateur a accès (noms, photos, notes, messages, coordonnées) ne doivent pas être copiées, diffusées ou publiées en dehors de l'ENT.

7. Sanctions
Le non-respect de la présente charte peut entraîner la suspension ou la fermeture du compte, sans préjudice des sanctions disciplinaires prévues par le règlement intérieur et des poursuites prévues par la loi. Le chef d'établissement peut, en cas de manquement, faire vérifier l'usage d'un compte dans le respect de la vie privée.

8. Évolution de la charte
La charte peut être modifiée. Chaque nouvelle version est présentée à l'utilisateur, qui doit l'accepter pour continuer à utiliser l'ENT. La date et la version de chaque acceptation sont conservées."""


def seed(apps, schema_editor):
    Charter = apps.get_model("portal", "Charter")
    Charter.objects.get_or_create(version=1, defaults={"title": TITLE, "body": BODY})
    from django.core.cache import cache

    from portal.models import CURRENT_CHARTER_CACHE_KEY

    cache.delete(CURRENT_CHARTER_CACHE_KEY)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
