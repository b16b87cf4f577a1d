"""Applicant use cases: create, attach, declare, submit, withdraw (uploads.py and edits.py do the roster).

Each asks the flow (transitions.check / apply_transition) before it changes anything.
"""

from __future__ import annotations

import secrets
from functools import partial

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from shenbao.accounts.models import User
from shenbao.applications import facts as stored
from shenbao.applications.changes import compare_with_submission, record_submission_changes
from shenbao.applications.changes import counts as change_counts
from shenbao.applications.facts import call_facts, roster_counts
from shenbao.applications.kinds import count_kinds
from shenbao.applications.models import Application, ApplicationKind, Attachment
from shenbao.applications.notifications import notify
from shenbao.applications.submissions import latest_submission, snapshot_submission, submitted_digest
from shenbao.applications.transitions import actor_of, apply_transition, check, lock, record_event
from shenbao.calls.models import Call
from shenbao.domain.events import EventKind
from shenbao.domain.flow import Given, require
from shenbao.domain.workflow import Action, Status
from shenbao.organisations.models import OrganisationKind
from shenbao.uploads import check_attachment

__all__ = ["snapshot_submission", "submitted_digest"]  # also taken from here by the security tests

KIND_FOR_ORGANISATION = {
    OrganisationKind.ENTERPRISE: ApplicationKind.EMPLOYEES,
    OrganisationKind.INSTITUTION: ApplicationKind.TRAINEES,
}


def update_counts(application: Application) -> None:
    """Keep the sums' copy of the roster counts (pages read roster_counts instead) and the summary
    by kind of problem the roster pages open with."""
    counts = roster_counts(application)
    application.persons = counts.persons
    application.error_rows = counts.error_rows
    application.problem_kinds = count_kinds(application)
    application.save(update_fields=["persons", "error_rows", "problem_kinds", "updated_at"])


def own(by: User, application: Application) -> None:
    """Only a user of the application's organisation; anyone else is told nothing exists (404)."""
    if not by.is_applicant or by.organisation_id != application.organisation_id:
        raise Http404


@transaction.atomic
def create_application(*, by: User, call: Call) -> Application:
    """The applicant's application for the open call; one per call and kind."""
    organisation = by.organisation
    if not by.is_applicant or organisation is None:
        raise Http404
    kind = KIND_FOR_ORGANISATION[OrganisationKind(organisation.kind)]
    existing = Application.objects.filter(call=call, organisation=organisation, kind=kind).first()
    if existing is not None:
        return existing
    require(Action.CREATE, call_facts(call), actor_of(by), stored.today())
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        kind=kind,
        authority=organisation.authority,
        reference=f"tmp-{secrets.token_hex(8)}",
    )
    application.reference = f"SB{call.year}-{organisation.authority.number:02d}-{application.pk:06d}"
    application.save(update_fields=["reference"])
    record_event(application, by=by, kind=EventKind.CREATE, to_status=Status.DRAFT.value)
    return application


def add_attachment(*, by: User, application: Application, upload: UploadedFile[bytes]) -> Attachment:
    own(by, application)
    check(application, Action.EDIT_MATERIALS, by=by)
    kind = check_attachment(upload)
    attachment = Attachment(
        application=application,
        token=secrets.token_hex(16),
        kind=kind,
        original_name=(upload.name or "")[:255],
        size=upload.size or 0,
        uploaded_by=by,
    )
    attachment.file.save(attachment.token, upload, save=False)
    attachment.save()
    record_event(application, by=by, kind=EventKind.ADD_ATTACHMENT, data={"name": attachment.original_name})
    return attachment


@transaction.atomic
def remove_attachment(*, by: User, application: Application, attachment_id: int) -> None:
    own(by, application)
    check(application, Action.EDIT_MATERIALS, by=by)
    attachment = application.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    stored = attachment.file.name
    attachment.delete()
    if stored:  # the file goes only once the row's removal is committed: a rollback keeps both
        transaction.on_commit(partial(attachment.file.storage.delete, stored))
    record_event(
        application, by=by, kind=EventKind.REMOVE_ATTACHMENT, data={"name": attachment.original_name}
    )


def update_details(*, by: User, application: Application, paper_volumes: int, remarks: str) -> None:
    own(by, application)
    check(application, Action.EDIT_MATERIALS, by=by)
    Application.objects.filter(pk=application.pk).update(
        paper_volumes_declared=paper_volumes, remarks=remarks, updated_at=timezone.now()
    )
    record_event(application, by=by, kind=EventKind.UPDATE_DETAILS, data={"paper_volumes": paper_volumes})


def submission_action(application: Application) -> Action:
    """A returned application is resubmitted; a draft (also one withdrawn while the call is open) submitted."""
    return Action.RESUBMIT if application.status == Status.RETURNED else Action.SUBMIT


@transaction.atomic
def submit_application(
    *, by: User, application: Application, expected_version: int, declaration: bool
) -> Application:
    """Submit (or resubmit after a return): frozen and routed to the authority."""
    own(by, application)
    current = lock(application, expected_version)
    action = submission_action(current)
    given = Given(declaration=declaration)
    # Asked before the snapshot below is written: a refusal must leave nothing behind.
    check(current, action, by=by, given=given)
    now = timezone.now()
    # Compared once, against the submission before, and stored for every later view of the reviewer's page.
    counts = _snapshot_and_changes(current)
    if action is Action.RESUBMIT:
        resubmitted = apply_transition(
            current,
            action=action,
            by=by,
            expected_version=None,
            given=given,
            data={"changes": counts},
            declaration_confirmed_at=now,
        )
        transaction.on_commit(lambda: notify(resubmitted, Action.RESUBMIT))
        return resubmitted
    submitted = apply_transition(
        current,
        action=action,
        by=by,
        expected_version=None,
        given=given,
        submitted_at=current.submitted_at or now,
        declaration_confirmed_at=now,
    )
    transaction.on_commit(lambda: notify(submitted, Action.SUBMIT))
    return submitted


@transaction.atomic
def withdraw_application(*, by: User, application: Application, expected_version: int) -> Application:
    """Back to draft while the call is open (to correct and submit again); after its close, final."""
    own(by, application)
    withdrawn = apply_transition(
        application, action=Action.WITHDRAW, by=by, expected_version=expected_version
    )
    withdrawn.refresh_from_db()
    return withdrawn


def _snapshot_and_changes(application: Application) -> dict[str, int]:
    """Compare the roster with the last submission (changes.py), keep it as submitted now
    (submissions.py) and store the changes under it; the counts, all 0 for a first submission."""
    last = latest_submission(application)
    changes = compare_with_submission(application, last) if last is not None else None
    number = snapshot_submission(application)
    if changes is None:
        return {"added": 0, "removed": 0, "changed": 0}
    record_submission_changes(application, number, changes)
    return change_counts(changes)
