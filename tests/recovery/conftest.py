"""Recovery sends SMS codes like account creation: the same fixtures."""

from tests.activation.sms_creation.conftest import (  # noqa: F401 - fixtures
    MOBILE,
    _sms_in_memory,
    family,
    last_code,
    on_commit,
)
