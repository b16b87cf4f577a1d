"""A return's reasons read as one Chinese sentence, whatever punctuation each part ended with."""

from __future__ import annotations

from datetime import timedelta

from shenbao.applications.models import Event
from shenbao.reviews import services
from shenbao.reviews.services import Reason


def test_reasons_ending_in_a_full_stop_are_joined_without_a_stray_stop(  # type: ignore[no-untyped-def]
    make_application, enterprise, reviewer, today
) -> None:
    application = make_application(enterprise)
    services.return_application(
        by=reviewer,
        application=application,
        expected_version=application.version,
        reasons=[
            Reason("请补充营业执照。"),
            Reason("入职日期有误；"),
            Reason("岗位请写实际名称", row_number=3),
        ],
        deadline=today + timedelta(days=10),
    )
    comment = Event.objects.get(application=application, action="return").comment
    assert comment == "请补充营业执照；入职日期有误；第 3 行：岗位请写实际名称。"
