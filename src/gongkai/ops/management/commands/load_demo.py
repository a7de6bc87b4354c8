"""gongkai load-demo: load the demo county 永昌县 (idempotent)."""

from django.core.management.base import BaseCommand

from gongkai.ops.demo import load_demo


class Command(BaseCommand):
    help = (
        "载入演示县“永昌县”的机构、栏目和政府信息（重复运行不会产生重复数据）/ load the demo county"
    )

    def handle(self, *args, **options):
        created = load_demo()
        self.stdout.write(
            "演示数据已就绪 / demo county ready: "
            f"新增机构 {created['units']}，领导 {created['leaders']}，"
            f"工作机构 {created['bodies']}，政府信息 {created['documents']}"
        )
