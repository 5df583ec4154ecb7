"""The counted texts of Mon compte: real plurals (ngettext), one and two."""

from selfservice import messages

TAIL = (
    " : les enfants sont de nouveau rattachés à l'ancien compte. Ce compte n'a plus de mot de "
    "passe utilisable : imprimez-lui un nouveau courrier (« Réinitialiser le compte »)."
)


def test_merges_undone():
    assert messages.merges_undone(1) == "1 regroupement annulé" + TAIL
    assert messages.merges_undone(2) == "2 regroupements annulés" + TAIL
