"""User HTML is sanitised once, on the way in."""

from core.html import html_to_text, is_blank_html, sanitize_html, text_to_html


def test_scripts_styles_events_and_foreign_schemes_are_removed():
    dirty = (
        '<p onclick="x()" style="color:red">Lire <a href="javascript:alert(1)">ceci</a> '
        '<a href="https://eduscol.education.fr/">cela</a></p><script>alert(1)</script>'
        '<img src=x onerror=alert(1)><iframe src="https://evil"></iframe><h1>Titre</h1>'
    )
    clean = sanitize_html(dirty)
    assert "<script" not in clean and "onclick" not in clean and "style" not in clean
    assert "<img" not in clean and "<iframe" not in clean and "javascript:" not in clean
    assert (
        '<a href="https://eduscol.education.fr/" rel="noopener noreferrer nofollow">cela</a>'
        in clean
    )
    assert "Titre" in clean and "<h1>" not in clean


def test_simple_formatting_is_kept():
    body = (
        "<p><strong>Exercice 3</strong> p. 42 : <em>rédiger</em></p><ul><li>a</li><li>b</li></ul>"
    )
    assert sanitize_html(body) == body


def test_plain_text_becomes_escaped_paragraphs():
    assert text_to_html("Ligne 1\nLigne 2\n\n<b>x</b>") == (
        "<p>Ligne 1<br>Ligne 2</p><p>&lt;b&gt;x&lt;/b&gt;</p>"
    )


def test_html_to_text_and_blank():
    assert html_to_text("<p>Un &amp; deux</p><ul><li>trois</li></ul>") == "Un & deux\ntrois"
    assert is_blank_html("<p> </p><br>")
    assert not is_blank_html("<p>x</p>")
