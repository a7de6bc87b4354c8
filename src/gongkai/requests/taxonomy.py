"""The choices of a disclosure request, in the official wording, defined once.

Applicant types and outcomes are exactly the columns and rows of section 三 of the annual
report format (国办公开办函〔2021〕30号); the outcome taxonomy is also Art. 36's list of
ways to answer. Appeal results are the columns of section 四.
"""

from __future__ import annotations

from django.db import models


class ApplicantType(models.TextChoices):
    NATURAL_PERSON = "natural_person", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_WELFARE = "public_welfare", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORG = "other_org", "其他"


class Outcome(models.TextChoices):
    """三、本年度办理结果 （一）–（六） with their numbered sub-items."""

    DISCLOSED = "disclosed", "予以公开"
    PARTIAL = "partial", "部分公开（区分处理的，只计这一情形，不计其他情形）"
    WITHHELD_1 = "withheld_1", "属于国家秘密"
    WITHHELD_2 = "withheld_2", "其他法律行政法规禁止公开"
    WITHHELD_3 = "withheld_3", "危及“三安全一稳定”"
    WITHHELD_4 = "withheld_4", "保护第三方合法权益"
    WITHHELD_5 = "withheld_5", "属于三类内部事务信息"
    WITHHELD_6 = "withheld_6", "属于四类过程性信息"
    WITHHELD_7 = "withheld_7", "属于行政执法案卷"
    WITHHELD_8 = "withheld_8", "属于行政查询事项"
    UNAVAILABLE_1 = "unavailable_1", "本机关不掌握相关政府信息"
    UNAVAILABLE_2 = "unavailable_2", "没有现成信息需要另行制作"
    UNAVAILABLE_3 = "unavailable_3", "补正后申请内容仍不明确"
    NOT_PROCESSED_1 = "not_processed_1", "信访举报投诉类申请"
    NOT_PROCESSED_2 = "not_processed_2", "重复申请"
    NOT_PROCESSED_3 = "not_processed_3", "要求提供公开出版物"
    NOT_PROCESSED_4 = "not_processed_4", "无正当理由大量反复申请"
    NOT_PROCESSED_5 = "not_processed_5", "要求行政机关确认或重新出具已获取信息"
    OTHER_1 = (
        "other_1",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    )
    OTHER_2 = (
        "other_2",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    )
    OTHER_3 = "other_3", "其他"


# The groups （一）–（六） of section 三, in report order, with the outcomes they sum.
OUTCOME_GROUPS: tuple[tuple[str, str, tuple[Outcome, ...]], ...] = (
    ("（一）", "予以公开", (Outcome.DISCLOSED,)),
    ("（二）", "部分公开（区分处理的，只计这一情形，不计其他情形）", (Outcome.PARTIAL,)),
    ("（三）", "不予公开", tuple(Outcome(f"withheld_{i}") for i in range(1, 9))),
    ("（四）", "无法提供", tuple(Outcome(f"unavailable_{i}") for i in range(1, 4))),
    ("（五）", "不予处理", tuple(Outcome(f"not_processed_{i}") for i in range(1, 6))),
    ("（六）", "其他处理", tuple(Outcome(f"other_{i}") for i in range(1, 4))),
)


class IdKind(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他证件"


class PreferredForm(models.TextChoices):
    PAPER = "paper", "纸质"
    EMAIL = "email", "电子邮件"
    ELECTRONIC = "electronic", "电子数据"
    OTHER = "other", "其他"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    PICK_UP = "pick_up", "自取"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "网上获取"


class Channel(models.TextChoices):
    """How the request arrived; Art. 31 fixes the receipt date for each."""

    ONLINE = "online", "网上申请"
    IN_PERSON = "in_person", "当面提交"
    POST = "post", "信函"
    FAX = "fax", "传真"


class EventKind(models.TextChoices):
    RECEIVED = "received", "收到申请"
    ACCEPTED = "accepted", "受理"
    CORRECTION_REQUESTED = "correction_requested", "告知补正"
    CORRECTED = "corrected", "收到补正后的申请"
    CONSULTATION_SENT = "consultation_sent", "征求第三方意见"
    CONSULTATION_ANSWERED = "consultation_answered", "第三方答复"
    OTHER_ORGAN_SENT = "other_organ_sent", "征求其他机关意见"
    OTHER_ORGAN_ANSWERED = "other_organ_answered", "其他机关答复"
    EXTENSION_APPROVED = "extension_approved", "批准延期答复"
    FEE_NOTICE_SENT = "fee_notice_sent", "发出收费通知"
    FEE_PAID = "fee_paid", "缴纳费用"
    FEE_EXPIRED = "fee_expired", "逾期未缴费"
    ANSWERED = "answered", "作出答复"
    DELIVERED = "delivered", "送达"
    CLOSED = "closed", "办结"
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"


class AppealResult(models.TextChoices):
    """Section 四's columns."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"
