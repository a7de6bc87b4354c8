"""Demo 留言 for the demo county: answered public messages in several units (with the citizens'
phone numbers inside the text, masked on the public page), a private one, a withheld one, one
referred to 信访, one transferred, open ones due soon and one overdue for the dashboards, and a
reply waiting in review. Idempotent: keyed by subject. Dates are relative to the day of loading.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongkai.interaction.messages import services
from gongkai.interaction.messages.models import Message, MessageKind, MessageReply

CONSULT, SUGGEST, COMPLAINT = MessageKind.CONSULT, MessageKind.SUGGEST, MessageKind.COMPLAINT


@dataclass(frozen=True)
class Spec:
    unit: str
    kind: str
    subject: str
    text: str
    name: str
    phone: str
    days_ago: int  # received this many calendar days before loading
    reply: str = ""  # published reply
    reply_after: int = 3  # working days from receipt to the reply
    public: bool = True
    withheld: str = ""
    referred: str = ""
    transfer_to: str = ""
    in_review: bool = False


SPECS = (
    Spec("620321003", CONSULT, "小学一年级新生入学需要准备哪些材料",
         "孩子今年秋季上小学一年级，户口在城关镇，请问报名需要带哪些材料？什么时候报名？我的电话13993541234。",
         "王建华", "13993541234", 120,
         "您好！城区小学一年级新生报名一般在7月上旬进行，需携带户口簿、不动产权证书或购房合同、"
         "适龄儿童预防接种证。具体时间以县教育局发布的招生公告为准。感谢您的关注！", 2),
    Spec("620321003", SUGGEST, "建议延长中小学课后服务时间",
         "双职工家庭下班晚，建议把课后服务延长到下午6点，并增加体育和阅读活动。",
         "李秀英", "13809351111", 95,
         "感谢您的建议。我局已在《永昌县中小学校课后服务管理办法（征求意见稿）》中将课后服务结束时间"
         "调整为不早于当地正常下班时间，并要求各校开设体育、艺术、阅读等活动。", 7),
    Spec("620321011", COMPLAINT, "北海子小区楼道照明长期损坏",
         "北海子小区3号楼2单元楼道灯坏了两个多月，老人晚上上下楼很危险，多次找物业未解决。住址：城关镇北海子路18号3号楼2单元501室。",
         "赵志强", "13919356789", 80,
         "您反映的问题已转物业服务企业整改，楼道照明已于次日修复。我局将加强对物业服务企业的监督检查。", 4),
    Spec("620321015", CONSULT, "新生儿疫苗接种点在哪里",
         "请问城关镇新生儿在哪里打疫苗？周末能接种吗？", "孙丽", "13893567788", 60,
         "城关镇新生儿可在城关镇社区卫生服务中心预防接种门诊接种，每周二、四、六上午开诊，请携带预防接种证。", 1),
    Spec("620321017", COMPLAINT, "超市销售过期食品",
         "在城关镇某超市买到过期三天的牛奶，向超市反映后只同意退款，请市场监管部门处理。",
         "刘伟", "13709358765", 45,
         "接到投诉后，执法人员已对该超市进行现场检查，责令下架过期食品并立案调查，处理结果将依法公示。", 6),
    Spec("620321013", CONSULT, "耕地地力保护补贴发放时间",
         "请问今年的耕地地力保护补贴什么时候发放？标准是多少？", "马文斌", "13639350022", 30,
         "今年耕地地力保护补贴已于本月通过“一卡通”发放到户，具体标准请查询本局发布的补贴公示。", 3,
         public=False),
    Spec("620321021", SUGGEST, "建议在东街增设公共厕所",
         "东街农贸市场附近没有公共厕所，赶集的群众很不方便，建议增设。", "周桂兰", "13519351234", 25,
         "感谢您的建议。镇政府已将东街农贸市场公厕建设列入明年城镇基础设施改造计划。", 8,
         withheld="留言人后续来电要求不公开。"),
    Spec("620321005", COMPLAINT, "要求重新处理多年前的征地补偿问题",
         "2008年征地补偿不合理，多次上访未解决，要求县政府重新处理。", "陈永福", "13309351357", 20,
         referred="您反映的征地补偿问题属于信访事项，已按《信访工作条例》转县信访局办理，"
         "县信访局将在15日内告知是否受理。"),
    Spec("620321003", CONSULT, "城区供暖什么时候开始",
         "今年城区集中供暖什么时候开始？", "黄强", "13993540000", 9,
         transfer_to="620321037"),
    Spec("620321003", CONSULT, "学前教育资助如何申请",
         "家庭经济困难，孩子上幼儿园能申请资助吗？需要什么手续？", "吴霞", "13893560101", 4,
         "家庭经济困难幼儿可向就读幼儿园提出申请，提交申请表和相关证明，经幼儿园评审、公示后报县教育局审核。",
         in_review=True),
    Spec("620321003", SUGGEST, "建议学校周边增加交通疏导",
         "上下学时间学校门口拥堵严重，建议增加交警或志愿者疏导。", "郑红梅", "13709350202", 2),
    Spec("620321003", COMPLAINT, "校外培训机构收费后不退费",
         "在城关镇一家培训机构报名后孩子不想上了，机构拒绝退还剩余费用，请教育局处理。",
         "冯刚", "13993545678", 40),
)  # fmt: skip


def _at(on: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(on, dt.time(hour, 0)))


@transaction.atomic
def load_demo(units: dict, *, today: dt.date | None = None) -> int:
    """Create the demo messages that are missing; return how many were created."""
    on = today or timezone.localdate()
    cal = services.calendar()
    made = 0
    for spec in SPECS:
        unit = units.get(spec.unit)
        if unit is None or Message.objects.filter(subject=spec.subject).exists():
            continue
        received = on - dt.timedelta(days=spec.days_ago)
        message = services.submit(
            unit=unit,
            kind=spec.kind,
            subject=spec.subject,
            text=spec.text,
            name=spec.name,
            phone=spec.phone,
            public=spec.public,
            at=_at(received, 9),
        )
        made += 1
        if spec.transfer_to and spec.transfer_to in units:
            with services.clock(_at(received, 15)):
                services.transfer(
                    message,
                    units[spec.transfer_to],
                    user=None,
                    reason="城区集中供暖由县城市供热公司负责。",
                )
        if spec.referred:
            with services.clock(_at(cal.add_working_days(received, 2).day, 11)):
                services.refer(message, user=None, note=spec.referred)
        if spec.reply:
            reply = MessageReply(message=message, text=spec.reply, live=False)
            reply.save()
            if spec.in_review:
                reply.save_revision()
                reply.get_workflow().start(reply, None)
            else:
                replied = min(cal.add_working_days(received, spec.reply_after).day, on)
                with services.clock(_at(replied, 16)):
                    reply.save_revision().publish(skip_permission_checks=True)
        if spec.withheld:
            with services.clock(_at(received + dt.timedelta(days=1), 10)):
                services.withhold(message, user=None, reason=spec.withheld)
    return made
