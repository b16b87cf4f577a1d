"""Shared fixtures: the directory loaded, and the personas of the access rules.

Personas: an enterprise user (浦东, 5), another enterprise's user (黄浦, 16), an
institution user (漕河泾, 12), the reviewer of 浦东 and of 黄浦, the city admin, and the security
auditor (who reads the audit log and nothing else).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.utils import timezone

from shenbao.calls.models import Call
from shenbao.personal_data import protector
from tests import factories, storage
from tests.media_scan import leaks_under, plain_id_numbers


@pytest.fixture(scope="session", autouse=True)
def _storage_of_the_run() -> Iterator[str | None]:
    with storage.own_prefix() as prefix:
        yield prefix


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path, _storage_of_the_run) -> Iterator[None]:  # type: ignore[no-untyped-def]
    # Argon2 is deliberately slow; tests of the policy itself read the real settings.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded files of one test never meet another's: a folder of its own, or with the S3 backend
    # the run's prefix in the bucket, emptied after each test.
    settings.MEDIA_ROOT = tmp_path / "media"
    # Staff personas sign in with force_login; the TOTP step has its own tests (tests/security).
    settings.SHENBAO_REQUIRE_SECOND_FACTOR = False
    # The Protector is built once from the key settings: a test that changes them starts and ends clean.
    protector.cache_clear()
    yield
    protector.cache_clear()


@pytest.fixture(autouse=True)
def _no_plain_id_number_in_stored_files(tmp_path, _storage_of_the_run) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """After every test, no stored file it left (any upload directory, or its objects in the S3 bucket)
    holds a readable ID number; then the bucket prefix is emptied for the next test.

    Stored files are sealed (shenbao/storage.py); this is the files' counterpart of the raw
    database scan in tests/security/test_personal_data.py.
    """
    yield
    leaks = leaks_under(tmp_path)
    if _storage_of_the_run is not None:
        for name, data in storage.stored_objects(_storage_of_the_run):
            if found := plain_id_numbers(data):
                leaks[name] = found
        storage.empty_prefix(_storage_of_the_run)
    assert not leaks, f"plain ID numbers in stored files: { {k: sorted(v)[:3] for k, v in leaks.items()} }"


@pytest.fixture
def directory(db: None) -> None:
    from shenbao.directory.services import load_directory

    load_directory()


@pytest.fixture
def enterprise(directory: None):  # type: ignore[no-untyped-def]
    return factories.make_organisation(number=5)


@pytest.fixture
def enterprise_user(enterprise):  # type: ignore[no-untyped-def]
    return factories.make_applicant(enterprise, "ent-user")


@pytest.fixture
def other_enterprise_user(directory: None):  # type: ignore[no-untyped-def]
    return factories.make_applicant(factories.make_organisation(number=16), "other-ent-user")


@pytest.fixture
def institution_user(directory: None):  # type: ignore[no-untyped-def]
    org = factories.make_organisation(number=12, kind="institution")
    return factories.make_applicant(org, "inst-user")


@pytest.fixture
def reviewer(directory: None):  # type: ignore[no-untyped-def]
    return factories.make_reviewer(5, "reviewer-pudong")


@pytest.fixture
def other_reviewer(directory: None):  # type: ignore[no-untyped-def]
    return factories.make_reviewer(16, "reviewer-huangpu")


@pytest.fixture
def city_admin(directory: None):  # type: ignore[no-untyped-def]
    return factories.make_city_admin()


@pytest.fixture
def security_auditor(directory: None):  # type: ignore[no-untyped-def]
    return factories.make_security_auditor()


# An open call of this year, for the tests of the application flow.
@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def call(db: None) -> Call:
    return factories.make_open_call()
