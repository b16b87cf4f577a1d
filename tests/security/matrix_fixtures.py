"""One populated system for the access matrix: 浦东's enterprise with an application in a given status and all it points to."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shenbao.accounts.models import User
from shenbao.applications import services
from shenbao.applications.models import Application, Attachment, RosterRow, RosterUpload
from shenbao.calls.models import Call
from shenbao.domain.workflow import Status
from shenbao.downloads.models import Download
from shenbao.organisations.models import Organisation
from shenbao.reviews.models import Summary
from tests import factories
from tests.rosters import valid_id

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
_serial = itertools.count(7000)


@dataclass(frozen=True)
class World:
    """The objects the URL kwargs of the matrix are built from (all of 浦东, the enterprise user's)."""

    call: Call
    old_call: Call
    organisation: Organisation
    application: Application
    row: RosterRow
    attachment: Attachment
    upload: RosterUpload
    summary: Summary
    colleague: User
    reviewer: User
    download: Download


def add_rows(application: Application, count: int) -> list[RosterRow]:
    rows = []
    for number in range(2, count + 2):
        id_number = valid_id(next(_serial))
        rows.append(
            RosterRow(
                application=application,
                number=number,
                name=f"员工{number}",
                values={"姓名": f"员工{number}", "证件类型": "身份证", "入职日期": "2026-03-01"},
                **factories.protected_id(id_number),
            )
        )
    RosterRow.objects.bulk_create(rows)
    application.persons = count
    application.save(update_fields=["persons"])
    return list(application.rows.order_by("number"))


def open_call(year: int | None = None) -> Call:
    today = timezone.localdate()
    return Call.objects.create(
        year=year or today.year,
        opens_on=today - timedelta(days=30),
        closes_on=today + timedelta(days=30),
        hired_from=date(today.year - 1, 1, 1),
        hired_to=today,
        reference_date=today,
    )


def _fields_of(status: Status, *, summary: Summary) -> dict[str, object]:
    """What an application in ``status`` carries besides its status, as the flow would have left it."""
    fields: dict[str, object] = {"status": status}
    if status is Status.DRAFT:
        return fields
    fields["submitted_at"] = timezone.now()
    if status is Status.RETURNED:
        fields["correction_deadline"] = timezone.localdate() + timedelta(days=7)
    if status in (Status.ACCEPTED, Status.REPORTED, Status.APPROVED, Status.PAID):
        fields.update(paper_volumes_received=1, materials_complete=True)
    if status in (Status.REPORTED, Status.APPROVED, Status.PAID):
        fields["summary"] = summary
    if status in (Status.APPROVED, Status.PAID):
        fields.update(eligible_persons=3, amount=Decimal("13500.00"))
    return fields


def build_world(*, enterprise_user: User, reviewer: User, status: Status = Status.SUBMITTED) -> World:
    organisation = enterprise_user.organisation
    assert organisation is not None
    organisation.licence.save("licence", ContentFile(PDF), save=True)
    call = open_call()
    # Closed long before the retention cut-off and published: the purge and publicity pages have a subject.
    old_call = Call.objects.create(
        year=2015,
        opens_on=date(2015, 3, 1),
        closes_on=date(2015, 4, 30),
        hired_from=date(2014, 1, 1),
        hired_to=date(2014, 12, 31),
        reference_date=date(2015, 3, 1),
        published_at=timezone.now(),
    )
    application = services.create_application(by=enterprise_user, call=call)
    rows = add_rows(application, 3)
    services.add_attachment(
        by=enterprise_user, application=application, upload=SimpleUploadedFile("材料.pdf", PDF)
    )
    upload = RosterUpload.objects.create(
        application=application,
        token=f"matrix{next(_serial)}",
        original_name="花名册.xlsx",
        uploaded_by=enterprise_user,
        state=RosterUpload.State.DONE,
    )
    summary = Summary.objects.create(call=call, authority=application.authority, reported_by=reviewer)
    Application.objects.filter(pk=application.pk).update(
        paper_volumes_declared=1, **_fields_of(status, summary=summary)
    )
    application.refresh_from_db()
    colleague = factories.make_applicant(organisation, "ent-colleague")
    download = Download(
        token=f"matrix{next(_serial)}",
        owner=enterprise_user,
        kind="annotated_copy",
        label="花名册检查结果（.xlsx）",
        filename="检查结果.xlsx",
        content_type="application/octet-stream",
        state=Download.State.DONE,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    download.file.save(download.token, ContentFile(b"built"), save=False)
    download.save()
    return World(
        call=call,
        old_call=old_call,
        organisation=organisation,
        application=application,
        row=rows[0],
        attachment=application.attachments.get(),
        upload=upload,
        summary=summary,
        colleague=colleague,
        reviewer=reviewer,
        download=download,
    )
