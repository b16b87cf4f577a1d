import stat
from pathlib import Path

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.base import ContentFile


def test_collected_static_files_are_readable_by_the_web_server(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # nginx serves collectstatic's output as its own user; uploads keep their private 0600 modes.
    settings.STATIC_ROOT = tmp_path / "static"  # Django builds staticfiles_storage again for it
    staticfiles_storage.save("shenbao/site.css", ContentFile(b"body {}"))
    assert stat.S_IMODE((tmp_path / "static/shenbao/site.css").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "static/shenbao").stat().st_mode) == 0o755
