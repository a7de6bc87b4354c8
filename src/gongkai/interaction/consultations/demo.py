"""Demo 意见征集 for the demo county: one open with two approved comments, one finished with its
published feedback summary linked to the final document. Idempotent: keyed by title."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.interaction.consultations.models import (
    Comment,
    CommentStatus,
    Consultation,
    Decision,
    FeedbackItem,
    FeedbackSummary,
)

UNIT_CODE = "620321003"  # 教育局, where the demo information officer works
OPEN_TITLE = "《永昌县中小学校课后服务管理办法（征求意见稿）》公开征求意见"
DONE_TITLE = "《永昌县学前教育资助实施办法（征求意见稿）》公开征求意见"
CONTACT = {
    "postal_address": "永昌县教育局政策法规股（永昌县城关镇北海子路1号），邮编737200",
    "email": "yjzj-jyj@example.cn",
    "phone": "0935-7521234",
}


def _publish(obj) -> None:
    obj.live = False
    obj.save()
    obj.save_revision().publish(skip_permission_checks=True)


@transaction.atomic
def load_demo(units: dict, *, today: dt.date | None = None) -> int:
    """Create the demo consultations that are missing; return how many were created."""
    unit = units.get(UNIT_CODE)
    if unit is None:
        return 0
    on = today or timezone.localdate()
    made = 0
    if not Consultation.objects.filter(unit=unit, title=OPEN_TITLE).exists():
        open_one = Consultation(
            unit=unit,
            title=OPEN_TITLE,
            starts_on=on - dt.timedelta(days=5),
            draft="<h2>第一条</h2><p>为规范中小学校课后服务，减轻家庭负担，制定本办法。</p>"
            "<h2>第二条</h2><p>课后服务坚持学生自愿参加、家长自主选择的原则。</p>",
            explanation="<p>根据上级关于做好中小学生课后服务工作的要求，结合我县实际，起草了本办法。</p>",
            **CONTACT,
        )
        _publish(open_one)
        for name, text in (
            ("王建华", "建议课后服务结束时间延长到18点，方便双职工家庭接送，联系电话13912345678。"),
            ("李秀英", "建议明确课后服务收费标准向社会公示，并接受家长监督。"),
        ):
            Comment.objects.create(
                consultation=open_one,
                name=name,
                contact="13912345678",
                text=text,
                public=True,
                status=CommentStatus.APPROVED,
                moderated_at=timezone.now(),
            )
        made += 1
    if not Consultation.objects.filter(unit=unit, title=DONE_TITLE).exists():
        from gongkai.catalog.models import Document

        final = Document.objects.published().filter(unit=unit).order_by("-published_on").first()
        done = Consultation(
            unit=unit,
            title=DONE_TITLE,
            starts_on=on - dt.timedelta(days=75),
            ends_on=on - dt.timedelta(days=45),
            draft="<p>第一条 为保障家庭经济困难儿童接受普惠性学前教育，制定本办法。</p>",
            explanation="<p>本办法依据国家和省学前教育资助有关规定起草。</p>",
            final_document=final,
            **CONTACT,
        )
        _publish(done)
        Comment.objects.create(
            consultation=done,
            name="张丽",
            contact="zhangli@example.cn",
            text="建议将脱贫不稳定家庭儿童纳入资助范围。",
            public=True,
            status=CommentStatus.APPROVED,
            moderated_at=timezone.now(),
        )
        feedback = FeedbackSummary(
            consultation=done,
            received_count=3,
            summary="<p>征求意见期间，共收到意见3条（网上1条、电子邮件2条）。</p>",
        )
        feedback.items = [
            FeedbackItem(
                topic="将脱贫不稳定家庭儿童纳入资助范围", count=1, decision=Decision.ADOPTED
            ),
            FeedbackItem(
                topic="提高资助标准",
                count=2,
                decision=Decision.NOT_ADOPTED,
                reason="资助标准由省级统一确定，县级无权调整。",
            ),
        ]
        _publish(feedback)
        made += 1
    return made
