"""The counted texts of the accounts app: real plurals (ngettext), one and two."""

from accounts import messages

KIND = "export des élèves (ElevesSansAdresses)"


def test_files_of_one_kind():
    assert messages.files_of_one_kind(1, KIND) == (
        f"L'envoi contient 1 fichier du type « {KIND} » : déposez-en un seul à la fois."
    )
    assert messages.files_of_one_kind(2, KIND) == (
        f"L'envoi contient 2 fichiers du type « {KIND} » : déposez-en un seul à la fois."
    )
