"""The counted texts of activation: real plurals (ngettext), one and two."""

from activation import messages


def test_tries_left():
    assert messages.tries_left(messages.CODE_MISMATCH, 1) == (
        "Ce code ne correspond pas. Vérifiez votre saisie : il vous reste 1 essai."
    )
    assert messages.tries_left(messages.CODE_MISMATCH, 2) == (
        "Ce code ne correspond pas. Vérifiez votre saisie : il vous reste 2 essais."
    )


def test_birth_date_tries_left():
    start = "La date de naissance ne correspond pas à celle de l'élève connue de l'établissement."
    assert messages.birth_date_tries_left(1) == f"{start} Vérifiez-la : il vous reste 1 essai."
    assert messages.birth_date_tries_left(2) == f"{start} Vérifiez-la : il vous reste 2 essais."


def test_batch_label_selection():
    assert messages.batch_label_selection(1) == "Sélection de 1 élève"
    assert messages.batch_label_selection(2) == "Sélection de 2 élèves"


def test_batch_label_reset():
    assert messages.batch_label_reset(1) == "Réinitialisation de 1 compte"
    assert messages.batch_label_reset(2) == "Réinitialisation de 2 comptes"


def test_batch_labels_are_plain_strings():
    """Stored in the batch and its audit row (JSON): formatted once, not lazy."""
    labels = [
        messages.batch_label_division("5B"),
        messages.batch_label_level("5e"),
        messages.batch_label_selection(3),
        messages.batch_label_school(),
        messages.batch_label_reset(3),
    ]
    assert all(type(label) is str for label in labels)
    assert labels[:2] + labels[3:4] == ["Classe 5B", "Niveau 5e", "Tout l'établissement"]
