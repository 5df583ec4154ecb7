"""Mon compte's tests print letters too (a regroupement with the other account's letter): they use
the letters' fixtures."""

from tests.activation.letters.conftest import (  # noqa: F401 - fixtures
    _letters_dir,
    generate,
    pdf_credentials,
    school,
    secretariat,
)
