"""The secretariat's letters: batches with progress and PDF, letters, locks, the activation
dashboard, and the FranceConnect links (superusers). Every queryset is scoped to the staff
member's establishment (a superuser sees all), with the same policy as every admin
(``core.scoping``)."""

from . import base, batches, franceconnect, letters  # noqa: F401 - registers the ModelAdmins
