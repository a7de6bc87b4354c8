"""The standard columns of every unit's 信息公开专栏, with the statutory sub-columns of
法定主动公开内容 from Art. 20 (items (一)–(十五)) and Art. 21 of the 2019 Regulation
(《中华人民共和国政府信息公开条例》, State Council Decree 711)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    name: str
    parent: str | None = None
    # Days after which self-inspection reports the column as stale (国办秘函〔2019〕19号:
    # policy columns at least every 6 months); None = no update cycle (e.g. the guide).
    update_cycle_days: int | None = None
    description: str = ""


GUIDE, SYSTEM, PROACTIVE, ANNUAL_REPORT, REQUEST = (
    "guide",
    "system",
    "proactive",
    "annual_report",
    "request",
)

# The five standard columns, in the order of the seed page.
TOP_LEVEL: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        GUIDE,
        "政府信息公开指南",
        description="公开的范围、方式、程序，申请的受理机构和办理时限等。",
    ),
    ColumnSpec(SYSTEM, "政府信息公开制度", description="本机关政府信息公开工作制度。"),
    ColumnSpec(
        PROACTIVE,
        "法定主动公开内容",
        description="《条例》第二十条、第二十一条规定应当主动公开的政府信息。",
    ),
    ColumnSpec(
        ANNUAL_REPORT,
        "政府信息公开年报",
        update_cycle_days=366,
        description="每年1月31日前公布上一年度报告。",
    ),
    ColumnSpec(REQUEST, "依申请公开", description="申请政府信息公开的方式、受理机构和办理流程。"),
)

ART20_ITEMS: tuple[tuple[str, str], ...] = (
    ("一", "行政法规、规章和规范性文件"),
    ("二", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    ("三", "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    ("四", "国民经济和社会发展统计信息"),
    ("五", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    (
        "六",
        "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    ),
    ("七", "财政预算、决算信息"),
    ("八", "行政事业性收费项目及其依据、标准"),
    ("九", "政府集中采购项目的目录、标准及实施情况"),
    ("十", "重大建设项目的批准和实施情况"),
    ("十一", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    ("十二", "突发公共事件的应急预案、预警信息及应对情况"),
    ("十三", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    ("十四", "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    ("十五", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
)

SIX_MONTHS = 183

STATUTORY: tuple[ColumnSpec, ...] = tuple(
    ColumnSpec(
        f"art20-{number:02d}",
        text,
        parent=PROACTIVE,
        update_cycle_days=SIX_MONTHS,
        description=f"《条例》第二十条第（{numeral}）项",
    )
    for number, (numeral, text) in enumerate(ART20_ITEMS, start=1)
) + (
    ColumnSpec(
        "art21",
        "市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助等",
        parent=PROACTIVE,
        update_cycle_days=SIX_MONTHS,
        description="《条例》第二十一条：县级人民政府及其部门、乡（镇）人民政府根据本地方具体情况主动公开的信息",
    ),
)

ALL: tuple[ColumnSpec, ...] = TOP_LEVEL + STATUTORY
BY_KEY: dict[str, ColumnSpec] = {spec.key: spec for spec in ALL}
