import pytest


@pytest.fixture(autouse=True)
def _tasks_run_at_commit(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
