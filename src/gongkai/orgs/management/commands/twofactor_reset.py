"""`gongkai twofactor-reset NAME`: remove an account's second factor (a lost or new phone)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.publishing import audit
from gongkai.publishing.models import AuditAction


class Command(BaseCommand):
    help = "删除某个账号的两步验证（手机丢失或更换时） / Remove an account's second factor."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有账号“{username}” / No account named {username!r}.")
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        if not removed:
            self.stdout.write(f"“{username}”没有开启两步验证 / {username} has no second factor.")
            return
        audit.record(AuditAction.PERMISSION, obj=user, detail={"second_factor": "reset"})
        self.stdout.write(
            f"已重置“{username}”的两步验证；下次登录时只需密码"
            f" / The second factor of {username} is removed; the next sign-in asks for the password only."
        )
