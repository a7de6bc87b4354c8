"""gongkai load-demo: load the demo county 永昌县 (idempotent)."""

from django.core.management.base import BaseCommand

from gongkai.ops.demo import DEMO_PASSWORD, DEMO_STAFF, load_demo


class Command(BaseCommand):
    help = (
        "载入演示县“永昌县”的机构、栏目、政府信息和演示账号（重复运行不会产生重复数据）"
        " / load the demo county with one demo account per role"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--staff-password",
            default=None,
            help=f"password of newly created demo accounts (default: {DEMO_PASSWORD})",
        )

    def handle(self, *args, **options):
        created = load_demo(staff_password=options["staff_password"])
        self.stdout.write(
            "演示数据已就绪 / demo county ready: "
            f"新增机构 {created['units']}，领导 {created['leaders']}，"
            f"工作机构 {created['bodies']}，政府信息 {created['documents']}，"
            f"演示账号 {created['staff']}，依申请公开 {created['requests']}，"
            f"年度报告 {created['reports']}"
        )
        if created["staff"]:
            password = options["staff_password"] or DEMO_PASSWORD
            self.stdout.write(f"演示账号（仅供本机体验，密码 {password}）/ demo accounts:")
            for username, full_name, role, _ in DEMO_STAFF:
                self.stdout.write(f"  {username:<12} {role}  {full_name}")
