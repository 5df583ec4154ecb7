import pytest


@pytest.fixture(autouse=True)
def _eager_tasks(settings):
    """The send task runs here, after commit, even when a Redis broker is configured (CI)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
