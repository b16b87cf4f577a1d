"""Applicant use cases: create, attach, declare, submit, withdraw (uploads.py and corrections.py do the roster)."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from shenbao.accounts.models import User
from shenbao.applications.models import (
    Application,
    ApplicationKind,
    Attachment,
    RosterRow,
    SubmittedRow,
)
from shenbao.applications.notifications import notify
from shenbao.applications.selectors import changes_since_last_submission
from shenbao.applications.transitions import apply_transition, lock, record_event
from shenbao.calls.models import Call
from shenbao.domain.workflow import EDITABLE_STATUSES, Action, Status, TransitionNotAllowed
from shenbao.organisations.models import OrganisationKind
from shenbao.uploads import check_attachment

KIND_FOR_ORGANISATION = {
    OrganisationKind.ENTERPRISE: ApplicationKind.EMPLOYEES,
    OrganisationKind.INSTITUTION: ApplicationKind.TRAINEES,
}


def today() -> date:
    return timezone.localdate()


def update_counts(application: Application) -> None:
    application.persons = application.rows.count()
    application.error_rows = application.rows.filter(has_errors=True).count()
    application.save(update_fields=["persons", "error_rows", "updated_at"])


def _own(by: User, application: Application) -> None:
    if not by.is_applicant or by.organisation_id != application.organisation_id:
        raise Http404


def _editable(application: Application) -> None:
    if Status(application.status) not in EDITABLE_STATUSES:
        raise TransitionNotAllowed(gettext("申报已提交，内容已冻结；只有被退回补正后才能修改。"))


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
    if not call.is_open(today()):
        raise TransitionNotAllowed(
            gettext("%(call)s申报受理期为 %(opens_on)s 至 %(closes_on)s，当前不在受理期内。")
            % {"call": call, "opens_on": call.opens_on, "closes_on": call.closes_on}
        )
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        kind=kind,
        authority=organisation.authority,
        reference=f"tmp-{secrets.token_hex(8)}",
    )
    application.reference = f"SB{call.year}-{organisation.authority.number:02d}-{application.pk:06d}"
    application.save(update_fields=["reference"])
    record_event(application, by=by, action="create", to_status=Status.DRAFT.value)
    return application


def add_attachment(*, by: User, application: Application, upload: UploadedFile[bytes]) -> Attachment:
    _own(by, application)
    _editable(application)
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
    record_event(application, by=by, action="add_attachment", data={"name": attachment.original_name})
    return attachment


def remove_attachment(*, by: User, application: Application, attachment_id: int) -> None:
    _own(by, application)
    _editable(application)
    attachment = application.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    attachment.file.delete(save=False)
    attachment.delete()
    record_event(application, by=by, action="remove_attachment", data={"name": attachment.original_name})


def update_details(*, by: User, application: Application, paper_volumes: int, remarks: str) -> None:
    _own(by, application)
    _editable(application)
    Application.objects.filter(pk=application.pk).update(
        paper_volumes_declared=paper_volumes, remarks=remarks, updated_at=timezone.now()
    )
    record_event(application, by=by, action="update_details", data={"paper_volumes": paper_volumes})


def submission_blockers(application: Application) -> list[str]:
    """What stands between the application and submission, in the applicant's words."""
    blockers = []
    if not application.organisation.is_confirmed:
        blockers.append(
            gettext("单位信息尚待%(authority)s主管部门确认，确认后才能提交。")
            % {"authority": application.authority.name}
        )
    if application.persons == 0:
        blockers.append(gettext("尚未上传花名册。"))
    if application.error_rows:
        blockers.append(
            gettext("花名册中有 %(rows)s 行存在错误，请先修改。") % {"rows": application.error_rows}
        )
    if application.paper_volumes_declared is None:
        blockers.append(gettext("请填写将报送的纸质材料册数。"))
    return blockers


@transaction.atomic
def submit_application(
    *, by: User, application: Application, expected_version: int, declaration: bool
) -> Application:
    """Submit (or resubmit after a return): frozen and routed to the authority."""
    _own(by, application)
    current = lock(application, expected_version)
    blockers = submission_blockers(current)
    if not declaration:
        blockers.append(gettext("请确认已告知名单中的人员其信息将用于本次申报。"))
    if blockers:
        raise TransitionNotAllowed(" ".join(blockers))
    status = Status(current.status)
    now = timezone.now()
    if status is Status.RETURNED:
        deadline = current.correction_deadline
        if deadline is not None and today() > deadline:
            raise TransitionNotAllowed(
                gettext("补正截止日期 %(deadline)s 已过，不能再提交；请联系%(authority)s主管部门。")
                % {"deadline": deadline, "authority": current.authority.name}
            )
        changes = _change_counts(current)
        snapshot_submission(current)
        resubmitted = apply_transition(
            current,
            action=Action.RESUBMIT,
            by=by,
            expected_version=None,
            data={"changes": changes},
            declaration_confirmed_at=now,
        )
        transaction.on_commit(lambda: notify(resubmitted, Action.RESUBMIT))
        return resubmitted
    if not current.call.is_open(today()):
        raise TransitionNotAllowed(
            gettext("%(call)s申报已于 %(closes_on)s 截止，不再受理首次提交。")
            % {"call": current.call, "closes_on": current.call.closes_on}
        )
    snapshot_submission(current)
    submitted = apply_transition(
        current,
        action=Action.SUBMIT,
        by=by,
        expected_version=None,
        submitted_at=now,
        declaration_confirmed_at=now,
    )
    transaction.on_commit(lambda: notify(submitted, Action.SUBMIT))
    return submitted


@transaction.atomic
def withdraw_application(*, by: User, application: Application, expected_version: int) -> Application:
    _own(by, application)
    current = lock(application, expected_version)
    if current.rows.exclude(decision=RosterRow.Decision.UNDECIDED).exists():
        raise TransitionNotAllowed(gettext("审核人员已开始审核，不能撤回；如需修改请联系主管部门退回补正。"))
    return apply_transition(current, action=Action.WITHDRAW, by=by, expected_version=None)


def snapshot_submission(application: Application) -> None:
    """Keep the roster as submitted now, and the one submitted before it (for the reviewer's comparison)."""
    last = application.submitted_rows.order_by("-submission").values_list("submission", flat=True).first()
    number = (last or 0) + 1
    application.submitted_rows.filter(submission__lt=number - 1).delete()
    SubmittedRow.objects.bulk_create(
        [
            SubmittedRow(
                application=application,
                submission=number,
                id_hash=row.id_hash,
                id_masked=row.id_masked,
                number=row.number,
                name=row.name,
                digest=submitted_digest(row.values, row.id_hash),
                values=row.values,
            )
            for row in application.rows.all()
        ],
        batch_size=2000,
    )


def submitted_digest(values: object, id_hash: str) -> str:
    """What a submitted row was: its values and its person, so a resubmission's changes show."""
    payload = json.dumps([values, id_hash], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _change_counts(application: Application) -> dict[str, int]:
    changes = changes_since_last_submission(application)
    return {"added": len(changes.added), "removed": len(changes.removed), "changed": len(changes.changed)}
