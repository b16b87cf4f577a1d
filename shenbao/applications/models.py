from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from shenbao.applications.labels import lazy_event_labels, lazy_status_labels
from shenbao.domain.workflow import Status


class ApplicationKind(models.TextChoices):
    EMPLOYEES = "employees", _("新录用员工培训支持（附件3）")
    TRAINEES = "trainees", _("培训人员培训支持（附件4）")


STATUS_CHOICES = lazy_status_labels()


class Application(models.Model):
    """One organisation's application in one call, for one kind of support."""

    call = models.ForeignKey(
        "calls.Call", on_delete=models.PROTECT, related_name="applications", verbose_name=_("申报批次")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("申报单位"),
    )
    kind = models.CharField(_("申报类型"), max_length=20, choices=ApplicationKind.choices)
    # Where the application is routed; starts as the organisation's authority, the city admin may move it.
    authority = models.ForeignKey(
        "directory.Authority",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("受理部门"),
    )
    reference = models.CharField(_("申报编号"), max_length=30, unique=True)
    status = models.CharField(_("状态"), max_length=20, choices=STATUS_CHOICES, default=Status.DRAFT)
    # Incremented by every status change: a form carries the version it was shown, a stale one is refused.
    version = models.PositiveIntegerField(default=1)
    paper_volumes_declared = models.PositiveSmallIntegerField(
        _("纸质材料册数（申报单位填报）"), null=True, blank=True
    )
    paper_volumes_received = models.PositiveSmallIntegerField(
        _("纸质材料册数（实收）"), null=True, blank=True
    )
    materials_complete = models.BooleanField(_("电子版材料齐全"), null=True, blank=True)
    remarks = models.CharField(_("备注"), max_length=500, blank=True)
    review_remarks = models.CharField(_("审核备注（汇总表）"), max_length=500, blank=True)
    declaration_confirmed_at = models.DateTimeField(_("告知声明确认时间"), null=True, blank=True)
    correction_deadline = models.DateField(_("补正截止日期"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("首次提交时间"), null=True, blank=True)
    # Kept with every roster change for sums over many applications; pages count the stored rows.
    persons = models.PositiveIntegerField(_("申报人数"), default=0)
    error_rows = models.PositiveIntegerField(_("有错误的行数"), default=0)
    # The roster's summary by kind of problem, [code, persons, is_error] each, kept with the counts
    # above (applications.kinds): a page reading it from 100,000 rows' JSON took 0.4–0.7 s a view.
    problem_kinds = models.JSONField(_("问题种类汇总"), default=list, editable=False)
    # Accepting or approving an enterprise the catalog does not list needs a recorded reason.
    override_reason = models.CharField(_("未列入指导目录仍予通过的理由"), max_length=500, blank=True)
    volumes_acknowledged = models.BooleanField(_("已确认纸质材料册数不符"), default=False)
    eligible_persons = models.PositiveIntegerField(_("审定人数"), null=True, blank=True)
    amount = models.DecimalField(_("审定金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    summary = models.ForeignKey(
        "reviews.Summary", on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation", "kind"], name="one_application_per_call_and_kind"
            )
        ]
        indexes = [models.Index(fields=["authority", "status"]), models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.organisation.name}"

    @property
    def status_enum(self) -> Status:
        return Status(self.status)


class RosterRow(models.Model):
    """One person of the current roster. The ID number is held only encrypted and as a keyed hash."""

    class Decision(models.TextChoices):
        UNDECIDED = "undecided", _("待审核")
        ELIGIBLE = "eligible", _("符合")
        INELIGIBLE = "ineligible", _("不符合")

    # No index of its own: one_row_per_sheet_row and rosterrow_counts start with the application.
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="rows", db_index=False
    )
    number = models.PositiveIntegerField(_("表格行号"))
    values = models.JSONField(_("各列内容（不含证件号码）"), default=dict)
    name = models.CharField(_("姓名"), max_length=100, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=10, blank=True)
    id_cipher = models.TextField(_("证件号码（加密）"), blank=True)
    id_hash = models.CharField(_("证件号码查找键（HMAC）"), max_length=64, blank=True)  # rosterrow_id_hash
    id_masked = models.CharField(_("证件号码（遮蔽）"), max_length=40, blank=True)
    tenure_days = models.IntegerField(_("在职时长（天）"), null=True, blank=True)
    problems = models.JSONField(_("格式问题"), default=list)
    findings = models.JSONField(_("资格提示"), default=list)
    has_errors = models.BooleanField(default=False)
    decision = models.CharField(
        _("审核结论"), max_length=20, choices=Decision.choices, default=Decision.UNDECIDED
    )
    decision_reason = models.CharField(_("审核意见"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The row as a reviewer sees it (values and person), and as it was when decided: a re-upload
    # keeps the decision of a person whose digest has not changed (domain/person_review.py).
    digest = models.CharField(max_length=64, blank=True)
    decided_digest = models.CharField(max_length=64, blank=True)
    # The decision made before the row changed, shown as "changed since your decision".
    earlier_decision = models.CharField(
        _("修改前的审核结论"), max_length=20, choices=Decision.choices, blank=True
    )
    earlier_reason = models.CharField(_("修改前的审核意见"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="one_row_per_sheet_row")
        ]
        # The roster pages of a 100,000-row application (issue 13, bench/pages.py): the counts read
        # one index instead of every row; the few rows with a problem or finding, and the many
        # without, each have a partial index, so neither the kinds summary nor the bulk count reads
        # the rows' JSON.
        indexes = [
            # In Meta, not db_index: no LIKE copy of it on PostgreSQL (nothing searches a hash by prefix),
            # one index fewer for an upload to write (migration 0014, issue 14).
            models.Index(fields=["id_hash"], name="rosterrow_id_hash"),
            models.Index(
                fields=["application", "decision", "has_errors", "earlier_decision"], name="rosterrow_counts"
            ),
            models.Index(
                fields=["application", "number"],
                condition=~Q(problems=[]) | ~Q(findings=[]),
                name="rosterrow_noted",
            ),
            models.Index(
                # The id as the last key column, not INCLUDE (which SQLite lacks): PostgreSQL's bulk
                # count anti-joins on it without reading a row.
                fields=["application", "decision", "id"],
                condition=Q(problems=[], findings=[]),
                name="rosterrow_clean",
            ),
        ]

    @property
    def is_changed_since_decision(self) -> bool:
        return bool(self.earlier_decision) and self.decision == self.Decision.UNDECIDED


# An empty list of problems or findings, written into the SQL rather than bound as a parameter:
# with the literal, SQLite sees that a partial index (RosterRow.Meta.indexes) already holds the
# condition and does not read each row's JSON again (at 100,000 rows: 33 ms instead of 150 ms).
EMPTY_LIST = RawSQL("'[]'", ())


def has_problem_or_finding() -> Q:
    """Rows with a format problem or an eligibility finding (read through the index rosterrow_noted)."""
    return ~Q(problems=EMPTY_LIST) | ~Q(findings=EMPTY_LIST)


def no_problem_or_finding() -> Q:
    """Rows without any (read through the index rosterrow_clean)."""
    return Q(problems=EMPTY_LIST, findings=EMPTY_LIST)


class SubmittedRow(models.Model):
    """The roster as last submitted, one digest per person, to show a reviewer what a resubmission changed."""

    # Every row of a submission is copied from a roster row of the same application in the
    # submitting request (submissions.py), so the key is already checked there: no index of its
    # own (the one below starts with it) and no constraint checked again for 100,000 copies at
    # COMMIT (0.7 s on PostgreSQL). Django still deletes them with the application.
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="submitted_rows",
        db_index=False,
        db_constraint=False,
    )
    # 1 for the first submission, 2 for the first resubmission…; the last two are kept so the
    # reviewer of a resubmission can see what it changed.
    submission = models.PositiveIntegerField(default=1)
    id_hash = models.CharField(max_length=64)
    id_masked = models.CharField(max_length=40, blank=True)
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64)
    values = models.JSONField(default=dict)

    class Meta:
        # A submission's rows, and a person in it (changes.py); a person in any (rehash.py). One
        # index: each index on the 64-character key costs ≈0.4 s per 100,000 rows copied (bench/README.md).
        indexes = [models.Index(fields=["application", "submission", "id_hash"], name="submittedrow_person")]


class RosterChange(models.Model):
    """One person a submission added, removed or changed against the submission before it.

    Written once, when the submission is made (changes.record_submission_changes), so the reviewer's
    page reads the few changed persons instead of comparing two 100,000-row rosters on every view.
    """

    class Kind(models.TextChoices):
        ADDED = "added", _("新增")
        REMOVED = "removed", _("删除")
        CHANGED = "changed", _("修改")

    # As SubmittedRow: no database constraint (a roster replaced whole stores 200,000 changes and
    # PostgreSQL re-checked each key at COMMIT, 0.7 s of the resubmission, bench/submit.py
    # "replaced"; the rows come from the application's own rows and Django still deletes them
    # with it), and no index of its own (rosterchange_lookup starts with it).
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="roster_changes",
        db_index=False,
        db_constraint=False,
    )
    submission = models.PositiveIntegerField()  # the submission that made the change
    kind = models.CharField(max_length=10, choices=Kind.choices)
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=100, blank=True)
    id_masked = models.CharField(max_length=40, blank=True)
    cells = models.JSONField(default=list)  # [[column, before, after], …] for a changed person

    class Meta:
        ordering = ["submission", "pk"]
        indexes = [models.Index(fields=["application", "submission", "kind"], name="rosterchange_lookup")]


def roster_upload_path(instance: RosterUpload, filename: str) -> str:
    # Never the user's file name: it is only displayed.
    return f"rosters/{instance.application.reference}/{instance.token}"


class RosterUpload(models.Model):
    """A roster file sent by the applicant and its processing by the worker."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("正在检查")
        DONE = "done", _("检查完成")
        UNUSABLE = "unusable", _("文件无法使用")
        FAILED = "failed", _("处理失败")
        # A later upload of the same application came first: this one never replaces the roster.
        SUPERSEDED = "superseded", _("已被更新的上传取代")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="uploads")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=roster_upload_path)
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveIntegerField(default=0)  # rows handled so far
    total = models.PositiveIntegerField(default=0)
    file_problems = models.JSONField(default=list)
    warnings = models.JSONField(default=list)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written by the running check (each progress report, and the worker's heartbeat between them):
    # a check silent for SHENBAO_WORKER_STALE_SECONDS is taken over by another worker (jobs.py).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Which run of the check this is; a run writes only while the number is still its own, so a
    # worker thought dead that wakes up again cannot write over the run that took its place.
    attempts = models.PositiveSmallIntegerField(default=1)
    # What the replacement did to the review: kept / changed / new counts and the removed persons.
    review_carry = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "heartbeat_at"], name="rosterupload_state_beat")]

    # What the page says: no worker has taken the check over in this long (none is running).
    STALL_AFTER = timedelta(minutes=10)
    MAX_ATTEMPTS = 2
    WAITING = (State.QUEUED, State.RUNNING)

    def is_stalled(self, now: datetime) -> bool:
        """Waiting with no heartbeat for longer than any worker lets a check go silent."""
        last = self.heartbeat_at or self.created_at
        return self.state in self.WAITING and now - last > self.STALL_AFTER


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.application.reference}/{instance.token}.{instance.kind}"


class Attachment(models.Model):
    """An electronic material (scan) attached to an application; type checked by content."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=attachment_path)
    kind = models.CharField(max_length=10)  # pdf, jpeg, png
    original_name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]


class Event(models.Model):
    """Who did what to which application, when, from which status to which. Never edited, never deleted."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=30, choices=lazy_event_labels())
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "pk"]

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("events are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type,unused-ignore]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("events are never deleted")


class Outbox(models.Model):
    """A change the cross-checks must follow, written in the transaction that made it.

    The crosschecks app reads these in the worker and removes each once its findings are refreshed
    (crosschecks/outbox.py), so a crash between the change and the refresh loses nothing, and this
    app never calls the cross-checks itself.
    """

    class Topic(models.TextChoices):
        ROSTER = "roster", "roster replaced"
        STATUS = "status", "status changed"
        PERSONS = "persons", "persons corrected"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(max_length=10, choices=Topic.choices)
    # For a corrected row: the keyed hashes of the person before and after (never an ID number).
    hashes = models.JSONField(default=list, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class ReturnReason(models.Model):
    """A reason for returning an application, pinned to a row or to the whole application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="return_reasons")
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="reasons")
    row_number = models.PositiveIntegerField(_("表格行号"), null=True, blank=True)
    text = models.CharField(_("原因"), max_length=300)

    class Meta:
        ordering = ["row_number"]


class Payment(models.Model):
    """The city's payment of an approved application: date, amount (≤ the approved amount), voucher."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="payment")
    paid_on = models.DateField(_("拨付日期"))
    amount = models.DecimalField(_("拨付金额（元）"), max_digits=14, decimal_places=2)
    voucher = models.CharField(_("拨付凭证号"), max_length=100)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("拨付记录")
        verbose_name_plural = _("拨付记录")
