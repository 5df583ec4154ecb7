"""Messages of the Pronote bridge (French): the import's refusals, the admin's, the pages'."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The import of "Exporter les identifiants PRONOTE".
IMPORT_FILE_REQUIRED = _("Choisissez le fichier exporté par Pronote.")
IMPORT_FILE_EMPTY = _("Le fichier est vide.")
IMPORT_NOT_TEXT = _(
    "Ce fichier n'est pas un fichier texte CSV. Dans Pronote, utilisez « Imports/Exports > "
    "Socles ENT > Exporter les identifiants PRONOTE » et déposez le fichier .csv obtenu."
)
IMPORT_UTF16 = _(
    "Encodage non pris en charge (UTF-16, « texte Unicode ») : enregistrez le fichier au format "
    "« CSV (séparateur : point-virgule) », en UTF-8 ou en Windows-1252."
)
IMPORT_BAD_ENCODING = _(
    "Encodage du fichier non reconnu : il n'est ni en UTF-8 ni en Windows-1252. Exportez-le à "
    "nouveau depuis Pronote sans le modifier."
)
IMPORT_DOUBLE_ENCODED = _(
    "Les accents du fichier sont abîmés (« Ã© » au lieu de « é ») : il a été converti deux fois. "
    "Exportez-le à nouveau depuis Pronote et déposez-le sans l'ouvrir dans un tableur."
)
IMPORT_NO_HEADER = _(
    "La première ligne du fichier doit être la ligne des titres de colonnes (Nom;Prénom;…)."
)
IMPORT_NO_ROWS = _("Le fichier ne contient aucune ligne après celle des titres.")
IMPORT_ESTABLISHMENT_REQUIRED = _("Choisissez l'établissement.")
IMPORT_NOTHING_WRITTEN = _("Rien n'a été importé : corrigez le fichier puis déposez-le à nouveau.")


def import_missing_columns(missing: list[str], found: list[str]) -> str:
    return gettext(
        "Colonnes obligatoires absentes : %(missing)s. Colonnes trouvées : %(found)s."
    ) % {"missing": ", ".join(missing), "found": ", ".join(found) or "aucune"}


def import_too_large(size_kb: int, limit_kb: int) -> str:
    return gettext(
        "Le fichier est trop volumineux (%(size)d ko) : la limite est de %(limit)d ko."
    ) % {"size": size_kb, "limit": limit_kb}


def import_too_many_rows(limit: int) -> str:
    return gettext("Le fichier a plus de %(limit)d lignes : découpez-le.") % {"limit": limit}


def line_bad_date(line: int, value: str) -> str:
    return gettext(
        "Ligne %(line)d : date de naissance « %(value)s » invalide (jj/mm/aaaa attendu)."
    ) % {"line": line, "value": value}


def line_missing(line: int, column: str) -> str:
    return gettext("Ligne %(line)d : la colonne « %(column)s » est vide.") % {
        "line": line,
        "column": column,
    }


def line_duplicate_identifier(line: int, identifier: str, first: int) -> str:
    return gettext(
        "Ligne %(line)d : l'identifiant « %(identifier)s » figure déjà ligne %(first)d."
    ) % {"line": line, "identifier": identifier, "first": first}


def line_too_long(line: int) -> str:
    return gettext("Ligne %(line)d : une valeur dépasse 100 caractères.") % {"line": line}


def more_errors(count: int) -> str:
    return gettext("… et d'autres erreurs encore (%(count)d en tout).") % {"count": count}


def import_done(matched: int, ambiguous: int, unmatched: int) -> str:
    return gettext(
        "Import terminé. Lignes reliées : %(matched)d ; ambiguës : %(ambiguous)d ; non reconnues : "
        "%(unmatched)d."
    ) % {"matched": matched, "ambiguous": ambiguous, "unmatched": unmatched}


# Reasons of a line left to settle.
REASON_NO_MATCH = _("Aucun compte ne correspond (nom, prénom, date de naissance, classe).")
REASON_SEVERAL = _("Plusieurs comptes correspondent : choisissez le bon.")
REASON_ACCOUNT_TAKEN = _("Ce compte correspond aussi à une autre ligne du fichier.")

# Settling a line by hand.
SETTLE_ACCOUNT_REQUIRED = _("Choisissez un compte ou saisissez un identifiant Cartable.")
SETTLE_ACCOUNT_UNKNOWN = _("Aucun compte de cet établissement n'a cet identifiant Cartable.")
SETTLE_ROW_DONE = _("Cette ligne a déjà été traitée.")


def settled(line: int, username: str) -> str:
    return gettext("Ligne %(line)d reliée au compte %(username)s.") % {
        "line": line,
        "username": username,
    }


def ignored(line: int) -> str:
    return gettext("Ligne %(line)d laissée de côté.") % {"line": line}


# Settings.
SETTINGS_ONE_PER_ESTABLISHMENT = _("Cet établissement a déjà une configuration Pronote.")
SETTINGS_ADDRESS_REFUSED = _(
    "Adresse non acceptée : https de préférence, sans identifiants (@), sans barre oblique "
    "inverse (\\) ni segment « .. »."
)
SETTINGS_NO_PAGE_IN_BASE = _(
    "Donnez l'adresse de base (qui finit par /pronote/), sans page .html : Cartable ajoute "
    "l'espace de chacun (parent.html, eleve.html…)."
)
