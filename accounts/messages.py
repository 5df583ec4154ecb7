"""User-facing messages of the accounts app (French).

Constants are lazy (``gettext_lazy``); texts with parameters are functions that format at call
time (``gettext``/``ngettext``, named placeholders).
"""

from __future__ import annotations

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

# --- Login --------------------------------------------------------------------------------------

# One message for every refusal of a login: unknown identifier, wrong password, wrong portal,
# closed account, a letter's password where it does not belong. The anti-enumeration pages all say
# this, and only this.
INVALID_LOGIN = _("Identifiant ou mot de passe incorrect.")
TOO_MANY_LOGIN_ATTEMPTS = _(
    "Trop de tentatives de connexion ont échoué pour cet identifiant. Pour votre sécurité, réessayez dans "
    "quelques minutes."
)
WRONG_PASSWORD = _("Mot de passe incorrect.")

# --- Choosing a new password (NewPasswordForm, PasswordChoiceForm) -----------------------------

NEW_PASSWORD_REQUIRED = _("Choisissez un nouveau mot de passe.")
NEW_PASSWORD_AGAIN_REQUIRED = _("Saisissez à nouveau le mot de passe.")
NEW_PASSWORDS_DIFFER = _("Les deux mots de passe ne sont pas identiques.")
CHOOSE_PASSWORD = _("Choisissez un mot de passe.")

# --- The EduConnect password rule (validators; ``ValidationError`` fills the placeholders) -----

PASSWORD_TOO_SHORT = _("Le mot de passe doit comporter au moins %(min)d caractères.")
PASSWORD_TOO_LONG = _("Le mot de passe ne peut pas dépasser %(max)d caractères.")
PASSWORD_CRITERIA_MISSING = _(
    "Le mot de passe doit respecter au moins 3 des 4 critères ; il manque : %(missing)s."
)
# The missing criteria, listed in PASSWORD_CRITERIA_MISSING.
CRITERION_LOWERCASE = _("une minuscule")
CRITERION_UPPERCASE = _("une majuscule")
CRITERION_DIGIT = _("un chiffre")


def criterion_special_character(characters: str) -> str:
    return gettext("un caractère spécial parmi %(chars)s") % {"chars": characters}


# --- Roster import: the upload form of the admin ----------------------------------------------

IMPORT_ESTABLISHMENT_REQUIRED = _("Choisissez votre établissement.")
IMPORT_FILE_REQUIRED = _("Choisissez le fichier à importer.")
IMPORT_FILE_EMPTY = _("Le fichier envoyé est vide.")
IMPORT_FILE_TYPE = _("Déposez un fichier .zip ou .xml exporté de SIECLE ou de STS-web.")
IMPORT_WITHOUT_ESTABLISHMENT = _(
    "Votre compte n'est rattaché à aucun établissement : vous ne pouvez pas importer de fichier."
)


def upload_too_large(size_mb: int, limit_mb: int) -> str:
    return gettext(
        "Le fichier est trop volumineux (%(size)d Mo) : la limite est de %(limit)d Mo."
    ) % {"size": size_mb, "limit": limit_mb}


def import_uploaded(name: str) -> str:
    return gettext("Le fichier « %(name)s » a été déposé : l'import est en cours.") % {"name": name}


# --- Roster import: files refused, imports failed ----------------------------------------------

IMPORT_REFUSED = _("Import refusé : aucune donnée n'a été modifiée.")
IMPORT_FAILED = _("L'import a échoué : aucune donnée n'a été modifiée.")
IMPORT_DATABASE_RETRYING = _(
    "Base de données momentanément indisponible : nouvel essai automatique."
)
IMPORT_DATABASE_GAVE_UP = _(
    "La base de données est restée indisponible : import abandonné, aucune donnée n'a été "
    "modifiée. Déposez à nouveau le fichier."
)
IMPORT_UNEXPECTED_ERROR = _(
    "Erreur inattendue pendant l'import : aucune donnée n'a été modifiée. Réessayez ; si l'erreur "
    "persiste, prévenez l'assistance."
)
FILES_OF_SEVERAL_SCHOOL_YEARS = _("Les fichiers ne portent pas tous sur la même année scolaire.")
ESTABLISHMENT_NAME_NOT_FOUND = _(
    "Le nom de l'établissement est introuvable dans les fichiers : précisez-le."
)


def file_too_large(name: str, size_mb: int, limit_mb: int) -> str:
    return gettext(
        "Le fichier « %(name)s » est trop volumineux (%(size)d Mo) : la limite est de %(limit)d Mo."
    ) % {"name": name, "size": size_mb, "limit": limit_mb}


def no_file_for_establishment(uai: str) -> str:
    return gettext("Aucun des fichiers ne concerne l'établissement %(uai)s.") % {"uai": uai}


def files_of_one_kind(count: int, kind: str) -> str:
    """ "L'envoi contient 2 fichiers du type « … » : déposez-en un seul à la fois." """
    return ngettext(
        "L'envoi contient %(count)d fichier du type « %(kind)s » : déposez-en un seul à la fois.",
        "L'envoi contient %(count)d fichiers du type « %(kind)s » : déposez-en un seul à la fois.",
        count,
    ) % {"count": count, "kind": kind}


def file_without_establishment(name: str) -> str:
    return gettext("Le fichier « %(name)s » n'indique pas d'établissement (UAJ).") % {"name": name}


def file_of_another_establishment(name: str, uaj: str, establishment: str, uai: str) -> str:
    return gettext(
        "Le fichier « %(name)s » concerne l'établissement %(uaj)s, et non %(establishment)s "
        "(%(uai)s)."
    ) % {"name": name, "uaj": uaj, "establishment": establishment, "uai": uai}


def file_of_another_school_year(
    name: str, school_year: str, establishment: str, current_year: str
) -> str:
    return gettext(
        "Le fichier « %(name)s » est l'export de l'année scolaire %(school_year)s, alors que "
        "l'année en cours de %(establishment)s est %(current_year)s."
    ) % {
        "name": name,
        "school_year": school_year,
        "establishment": establishment,
        "current_year": current_year,
    }


# --- Roster import: files that cannot be read (``RosterFileError``) -----------------------------


def file_empty(name: str) -> str:
    return gettext("Le fichier « %(name)s » est vide.") % {"name": name}


def archive_without_xml(name: str) -> str:
    return gettext("L'archive « %(name)s » ne contient aucun fichier XML.") % {"name": name}


def file_neither_xml_nor_zip(name: str) -> str:
    return gettext(
        "Le fichier « %(name)s » n'est ni un fichier XML ni une archive zip. Déposez l'export "
        "SIECLE tel qu'il a été téléchargé (fichier .zip ou .xml)."
    ) % {"name": name}


def archive_damaged(name: str) -> str:
    return gettext("L'archive « %(name)s » est endommagée et ne peut pas être ouverte.") % {
        "name": name
    }


def archive_too_many_files(name: str, count: int) -> str:
    return gettext("L'archive « %(name)s » contient trop de fichiers (%(count)d).") % {
        "name": name,
        "count": count,
    }


def archive_entry_too_large(entry: str) -> str:
    return gettext("Le fichier « %(entry)s » de l'archive est trop volumineux.") % {"entry": entry}


def archive_too_large(entry: str, limit_mb: int) -> str:
    return gettext(
        "L'archive décompressée dépasse la limite de %(limit)d Mo (au fichier « %(entry)s »)."
    ) % {"entry": entry, "limit": limit_mb}


def archive_entry_unreadable(entry: str, name: str) -> str:
    return gettext(
        "Le fichier « %(entry)s » de l'archive « %(name)s » ne peut pas être lu (archive "
        "endommagée ou protégée par un mot de passe)."
    ) % {"entry": entry, "name": name}


def xml_forbidden_declarations(name: str) -> str:
    return gettext(
        "Le fichier « %(name)s » contient des déclarations XML interdites (DTD ou entités) : il "
        "n'a pas été importé."
    ) % {"name": name}


def xml_invalid(name: str, line: int, column: int) -> str:
    return gettext(
        "Le fichier « %(name)s » n'est pas un fichier XML valide (erreur ligne %(line)s, colonne "
        "%(column)s)."
    ) % {"name": name, "line": line, "column": column}


def xml_empty(name: str) -> str:
    return gettext("Le fichier « %(name)s » n'est pas un fichier XML valide (fichier vide).") % {
        "name": name
    }


def xml_unknown_encoding(name: str) -> str:
    return gettext("Le fichier « %(name)s » déclare un encodage inconnu.") % {"name": name}


def not_a_siecle_export(name: str, root: str) -> str:
    return gettext(
        "Le fichier « %(name)s » n'est pas un export SIECLE reconnu : son élément racine est "
        "« %(root)s », alors qu'on attend BEE_ELEVES (élèves), BEE_RESPONSABLES (responsables) ou "
        "STS_EDT (personnels)."
    ) % {"name": name, "root": root}


# --- Management commands (import_siecle, load_demo) --------------------------------------------

DEMO_WITHOUT_FAMILY = _("Aucune famille de deux enfants dans le fichier de démonstration.")
DEMO_WITHOUT_TEACHER = _("Aucun enseignant dans le fichier STS de démonstration.")


def file_not_found(name: str) -> str:
    return gettext("Fichier introuvable : %(name)s") % {"name": name}


def establishment_unknown(uai: str) -> str:
    return gettext(
        "Aucun établissement n'a l'UAI %(uai)s. Vérifiez l'UAI, ou ajoutez "
        "--create-establishment (et --name) pour le créer à partir des fichiers."
    ) % {"uai": uai}


def demo_import_failed(error: str) -> str:
    return gettext("Import de démonstration en échec : %(error)s") % {"error": error}


NOTICE_KIND_UNKNOWN = _("Cette notification n'existe pas pour votre compte.")
