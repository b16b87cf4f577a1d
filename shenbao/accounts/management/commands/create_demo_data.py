from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from shenbao.accounts.demo import DEMO_PASSWORD, create_demo_data


class Command(BaseCommand):
    help = "数据库为空时创建演示账号和演示单位，并打印登录信息"

    def handle(self, *args: object, **options: object) -> None:
        # The demo walks applications through the flow; its notification emails would only bury
        # the logins printed below, so they are not sent.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            created = create_demo_data()
        self.stdout.write("已创建演示数据。" if created else "数据库中已有用户，未创建演示数据。")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}，仅供本机演示）：")
        self.stdout.write("  市级管理员      admin")
        self.stdout.write("  安全审计员      auditor（审计日志只对此角色开放）")
        self.stdout.write(
            "  区审核人员      reviewer01 … reviewer18（两位数为附件1序号，如 reviewer05 = 浦东；无 reviewer10）"
        )
        self.stdout.write(
            "  企业用户        enterprise1（浦东）、enterprise2（徐汇）、enterprise3（青浦）、enterprise4（长宁）"
        )
        self.stdout.write("  培训机构用户    institution1（闵行）、institution2（嘉定）")
        self.stdout.write(
            "演示账号均免双因素认证（正式账号的审核人员、市级管理员和安全审计员须绑定动态口令）。"
        )
        self.stdout.write(
            "演示数据：本年度批次（闵行培训机构草稿含错误、浦东已提交待审、徐汇已退回补正、长宁区审核通过、"
            "嘉定培训机构已上报市级、青浦已审定）；上年度批次（徐汇公示后已拨付、浦东未通过审核、青浦截止后撤回）。"
        )
        self.stdout.write("打开 http://127.0.0.1:8000/ 开始。")
