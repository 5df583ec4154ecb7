"""The counted texts of recovery's admin: real plurals (ngettext), one and two."""

from recovery import messages


def test_requests_resolved():
    end = (
        " : les nouveaux courriers sont en préparation dans « Lots de courriers ». L'ancien mot de "
        "passe des élèves ne fonctionne plus."
    )
    assert messages.requests_resolved(1) == f"1 demande traitée{end}"
    assert messages.requests_resolved(2) == f"2 demandes traitées{end}"


def test_requests_skipped():
    end = (
        " : déjà traitée, élève non reconnu ou élève sans compte. Vérifiez l'élève dans « Élèves » "
        "puis imprimez son courrier depuis « Lots de courriers »."
    )
    assert messages.requests_skipped(1) == f"1 demande non traitée{end}"
    assert messages.requests_skipped(2) == f"2 demandes non traitées{end}"


def test_requests_rejected():
    assert messages.requests_rejected(1) == "1 demande rejetée."
    assert messages.requests_rejected(2) == "2 demandes rejetées."
