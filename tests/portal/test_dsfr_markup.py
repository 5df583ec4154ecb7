"""DSFR shows a button of a ``fr-btns-group`` as a bare icon on a phone unless the group says on
which side icons go: "Connecter mon téléphone" lost its text at 360 px that way."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
GROUP = re.compile(r'<ul class="([^"]*\bfr-btns-group\b[^"]*)">(.*?)</ul>', re.DOTALL)


def test_button_groups_with_icons_say_where_the_icons_go():
    wrong = []
    for path in TEMPLATES.rglob("*.html"):
        for classes, body in GROUP.findall(path.read_text()):
            has_icon_button = re.search(r'class="fr-btn[^"]*\bfr-icon-', body)
            if has_icon_button and "fr-btns-group--icon-" not in classes:
                wrong.append(str(path.relative_to(TEMPLATES)))
    assert wrong == []
