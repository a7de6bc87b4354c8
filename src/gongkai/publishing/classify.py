"""Suggest the column of a document from its title and body, and say why (归类辅助).

The columns are those of ``gongkai.catalog.columns``: the statutory sub-columns of 法定主动公开内容
— 《中华人民共和国政府信息公开条例》第二十条第（一）至（十五）项 (art20-01 … art20-15) and
第二十一条 (art21) — plus the four top-level columns a document can sit in directly (guide,
system, annual_report, request), so that an annual report is not pushed into a statutory column.

A pure module: standard library only, nothing from Django. The model has two parts, both of
which a person can read and check:

1. Keyword rules (``RULES``), written from the wording of Art. 20/21 and from the titles county
   governments publish under each item. A phrase in the title counts its full weight (5 = the
   document's genre such as 统计公报 or 决算公开, 4 = a decisive subject, down to 1 = a hint);
   in the opening of the body (``BODY_LEAD`` characters, where a document says what it is for)
   it counts ``BODY_FACTOR`` of it, and the body adds at most ``BODY_CAP`` to a column. Three
   refinements keep the rules honest: a phrase inside a longer matched phrase is dropped
   (the 招聘 of 公益性岗位招聘 is employment, not recruitment of civil servants); a phrase that
   ends an organ's name is not a subject (the 社会保障 of 人力资源和社会保障局); and the form
   of a document outweighs its subject (a 《…办法》 is a normative document whatever it
   regulates, so the subject words inside its name count ``FORM_DISCOUNT`` of their weight).
   A title that reads as news (工作动态: 召开, 调研, 举办… and not a notice) gets no keyword
   evidence. A column's weights add up to ``raw``, and ``k = 1 − exp(−raw / KEYWORD_SCALE)``:
   one title phrase of weight 3 gives 0.63, of weight 5 gives 0.81.
2. Similarity to the documents the same unit has already classified (``Example``): TF-IDF over
   character bigrams (Chinese has no spaces; digits are folded so that 2023 and 2024 match) of
   the title plus, at ``BODY_SIM_WEIGHT``, the opening of the body. A column's ``s`` is the
   best cosine among its examples (the reason names that example); cosines under
   ``SIM_FLOOR`` are ignored.

The two are combined as independent evidence (noisy-OR): ``score = 1 − (1 − k)(1 − s)``, so a
column needs one strong reason and scores higher when both agree. Columns under ``MIN_SCORE``
are not suggested: no suggestion is better than a wrong one, and a document may really belong
to 工作动态 or another non-statutory column. Ties follow the catalogue order, so the output is
deterministic. Measured quality: ``bench/classify_quality.py``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = [
    "BODY_CAP",
    "BODY_FACTOR",
    "BODY_LEAD",
    "BODY_SIM_WEIGHT",
    "COLUMN_KEYS",
    "FORM_DISCOUNT",
    "KEYWORD_SCALE",
    "MIN_SCORE",
    "RULES",
    "SHORT_NAMES",
    "SIM_FLOOR",
    "Classifier",
    "Example",
    "Report",
    "Rule",
    "Suggestion",
    "evaluate",
    "is_news",
    "split_by_year",
    "suggest_columns",
]

BODY_LEAD = 200  # characters of the body read by the rules and by the similarity
BODY_FACTOR = 0.4  # a body hit counts this share of a title hit
BODY_CAP = 2.0  # and all body hits of a column together at most this much
KEYWORD_SCALE = 3.0
BODY_SIM_WEIGHT = 0.5  # a body bigram counts this share of a title bigram
SIM_FLOOR = 0.25
MIN_SCORE = 0.3


class Example(NamedTuple):
    """A document already in a column; ``unit`` groups examples for ``evaluate``.

    In ``evaluate``'s test set an empty ``column_key`` means "belongs to no column we
    suggest" (e.g. 工作动态): the right answer is then no suggestion.
    """

    title: str
    body: str
    column_key: str
    unit: str = ""


@dataclass(frozen=True)
class Suggestion:
    column_key: str
    score: float  # 0..1, see the module docstring
    reasons: list[str] = field(default_factory=list)  # in Chinese, strongest first


@dataclass(frozen=True)
class Rule:
    """One piece of evidence for a column: a literal phrase, or a regular expression.

    ``reason`` is how the hit is described, with ``{kw}`` standing for the matched text.
    Regular expressions never suppress and are never suppressed by literal phrases.
    """

    column_key: str
    pattern: str
    weight: float
    regex: bool = False
    form: bool = False  # a regex naming the document's form; see _REGEXES
    reason: str = "含“{kw}”"


# Short names used in reasons ("标题含“决算”（预算决算）"), in the catalogue order.
SHORT_NAMES: dict[str, str] = {
    "guide": "公开指南",
    "system": "公开制度",
    "annual_report": "公开年报",
    "request": "依申请公开",
    "art20-01": "规范性文件",
    "art20-02": "机构职能",
    "art20-03": "规划计划",
    "art20-04": "统计信息",
    "art20-05": "行政许可",
    "art20-06": "行政处罚和行政强制",
    "art20-07": "预算决算",
    "art20-08": "行政事业性收费",
    "art20-09": "政府采购",
    "art20-10": "重大建设项目",
    "art20-11": "扶贫教育医疗社保就业",
    "art20-12": "突发公共事件",
    "art20-13": "监督检查",
    "art20-14": "公务员招考",
    "art20-15": "其他法定公开信息",
    "art21": "市政公共服务征收救助",
}
COLUMN_KEYS: tuple[str, ...] = tuple(SHORT_NAMES)
_ORDER = {key: i for i, key in enumerate(COLUMN_KEYS)}

# Literal phrases per column, by weight: 5 = what the document is (its genre: 统计公报,
# 行政处罚决定书, 决算公开), 4 = a decisive subject, 3 = strong, 2 = supporting, 1 = a hint
# that only counts together with others. Written from the wording of Art. 20/21 and from the
# titles county governments publish under each item.
_PHRASES: dict[str, dict[float, str]] = {
    "guide": {
        5: "政府信息公开指南 信息公开指南 政务公开指南",
        3: "公开指南",
    },
    "system": {
        5: "保密审查制度 舆情回应制度 政策解读工作制度 责任追究制度 信息发布协调制度 "
        "主动公开工作制度 依申请公开工作制度 居务公开制度 村务公开制度 办事公开制度 "
        "信息公开工作制度 政务公开制度 信息公开制度 新闻发言人制度 新闻发布制度",
        2: "工作制度 公开制度",
    },
    "annual_report": {
        5: "信息公开工作年度报告 政务公开工作年度报告 信息公开年度报告 信息公开年报",
        1.5: "年度报告",
    },
    "request": {
        5: "依申请公开工作流程 公开申请办理流程 依申请公开指南 申请办理流程 依申请公开流程",
        3: "依申请公开 公开申请",
    },
    "art20-01": {
        5: "政策解读 规范性文件 人民政府令",
        3: "文件清理 暂行办法 实施办法 管理办法 实施细则 若干规定 若干措施 裁量基准 废止",
        2: "实施意见 指导意见 办法 细则 规定",
        1: "实施方案 意见",
    },
    "art20-02": {
        5: "机构职能 领导信息 领导简介 领导分工 领导之窗 职责及机构设置 机构设置 内设机构 "
        "机构概况 机构简介 内设股室",
        4: "单位概况 部门职责",
        3: "主要职责 领导班子 职能职责 联系方式 办公地址 办公时间 负责人 股室",
        1: "职责",
    },
    "art20-03": {
        5: "规划纲要 五年规划 发展规划 专项规划 区域规划 村庄规划 总体规划 计划执行情况 计划草案",
        3: "远景目标 国土空间规划 中期评估 规划",
        1.5: "十四五 十五五 十三五",
    },
    "art20-04": {
        5: "统计公报 统计信息 统计数据 经济运行情况 主要经济指标 普查主要数据 统计年鉴 统计月报",
        4: "人口普查 经济普查 农业普查 人均可支配收入 地区生产总值",
        3: "经济运行 普查 统计分析",
        1.5: "统计",
    },
    "art20-05": {
        5: "行政许可 许可结果 审批结果 环境影响报告 政务服务事项 证明事项 行政审批 备案事项",
        3: "许可事项 环评 办事指南 事项清单 权责清单 一件事一次办 高效办成一件事 最多跑一次 "
        "施工许可 取水许可 排污许可 采矿许可 许可证",
        2: "审批 许可 核准 备案",
        1: "批复 双公示",
    },
    "art20-06": {
        5: "处罚决定书 行政处罚结果 处罚结果 行政强制 查封 扣押 执法主体 执法依据",
        4: "行政处罚 处罚决定",
        3: "罚款 没收 吊销 行政执法 违规使用",
        2: "责令 违法行为 处理情况 当事人",
        1: "双公示",
    },
    "art20-07": {
        5: "决算公开 预算公开 预决算 预算执行 决算 三公经费 政府债务 债务限额 财政收支 "
        "转移支付 专项债券 政府债券",
        3: "预算 债券 审计工作报告 补助资金 专项资金分配 资金分配",
        2: "资金下达 下达资金 专项资金 绩效评价",
        1: "财政 资金",
    },
    "art20-08": {
        5: "行政事业性收费 收费目录 收费项目 收费标准 涉企收费 收费清单",
        3: "服务收费 收费",
        1: "价格",
    },
    "art20-09": {
        5: "政府采购 采购意向 采购目录 集中采购 中标 竞争性磋商 竞争性谈判 单一来源 采购公告 "
        "采购项目 采购结果",
        3: "成交 招标公告 询价 采购 招标",
        1: "供应商",
    },
    "art20-10": {
        5: "重大建设项目 重点建设项目 重点项目 可行性研究报告 施工信息 竣工验收 建设进展",
        4: "招标投标",
        3: "项目建设 可研 开工建设 招投标 实施情况公示 改建工程 改造工程 建设工程",
        1.5: "建设项目 工程 项目",
    },
    "art20-11": {
        4: "扶贫 脱贫 产业扶持 学生资助 招生入学 基本公共卫生服务 家庭医生 医疗服务价格 "
        "社会保障 社会保险 养老保险 医疗保险 医保参保 参保缴费 促进就业 创业担保贷款 "
        "公益性岗位 根治欠薪 农民工工资 耕地地力保护补贴 奖励扶助 孤儿 以工代赈 就业援助 "
        "带量采购 雨露计划 资金发放",
        3: "招生 入学 资助 医保 参保 养老金 就业 创业 欠薪 补贴发放 计划生育 残疾人 托育 "
        "救助供养 低保 临时救助 特困 高龄补贴 优抚 退役军人 住房保障 公租房 养老服务 "
        "义务教育 学前教育 义诊 发放情况",
        2: "补贴 乡村振兴 帮扶 医疗卫生 卫生健康 健康 医疗 教育",
    },
    "art20-12": {
        5: "应急预案 预警信息 预警信号",
        4: "突发事件 突发公共事件 防汛抗旱 地质灾害 山洪 森林草原防火 防灭火 自然灾害 冬春救助 "
        "疫情防控 重污染天气",
        3: "预案 预警 应急 防汛 抗旱 救灾 灾害 疫情 安全防范 电信网络诈骗 暴雨 寒潮 地震 "
        "动物疫病 防火",
        2: "大风 沙尘 汛期 停电 防控",
    },
    "art20-13": {
        5: "监督抽检 抽检 双随机 监督检查 检查情况 检测公告 空气质量 环境质量 抽查结果",
        4: "水质 环境监管 重点排污单位 隐患排查 食品安全 产品质量 特种设备 燃气安全 危险化学品 "
        "飞行检查 卫生监督 安全生产",
        3: "抽查 安全隐患 质量安全 专项检查 专项整治 消防 扬尘 生态环境 环境保护 督查 巡查 "
        "药品 污染",
        1.5: "通报 检查 检测 整治 考核结果",
    },
    "art20-14": {
        5: "公开招聘 招考 考试录用 拟录用 拟聘用 招录 遴选 选调 引进急需紧缺人才",
        4: "公务员 人才引进",
        3: "招聘 录用 聘用 资格复审 面试 笔试",
        1.5: "事业单位 成绩 体检",
    },
    "art20-15": {
        5: "政务公开工作要点 征兵 政府工作报告 法治政府建设 行政复议 行政应诉 人大代表建议 "
        "政协委员提案 建议提案 代表建议 委员提案 政协提案 建议的答复 提案的答复 人事任免",
        4: "工作总结 政府网站 政务新媒体 法律顾问 居务公开 村务公开 案卷评查",
        3: "工作要点 政务公开 工作计划 工作报告 民族团结 宗教 任免 统计执法",
        2: "表彰 通报表扬",
    },
    "art21": {
        5: "征收土地 土地征收 征地 房屋征收 补偿安置 国有建设用地 挂牌出让 土地出让 "
        "不动产首次登记 为民办实事 民生实事 一事一议 低保动态管理 低保对象 救助供养对象",
        4: "户厕改造 社会救助 治安管理 经营主体年度报告 采暖期 冬季供热 供热 停水 停气 冬灌",
        3: "拆迁 供水 管网 市政 公益事业 公共服务 人居环境整治 治安 交通管制 门诊时间 村晚 "
        "文化和自然遗产日 文化活动 文化惠民 殡葬 水价 生活用水 公交 客运 出租汽车 道路硬化 "
        "老旧小区改造 特困供养对象 动态管理 发放对象 年度报告公示",
        1.5: "不动产 道路 公共文化 排水",
    },
}

# The form of a document outweighs its subject: whatever 《…》 regulates, a document named
# 办法/规定/细则 is Art. 20 (一), a 规划 is (三), a 预案 is (十二). Phrases of other columns
# inside the name count only FORM_DISCOUNT of their weight (“土地征收” in 《集体土地征收补偿安置
# 办法》 says what the rule is about, not that the document is a land-acquisition notice).
_NAME = r"(?:《[^《》]*|^[^《》]*)"
_EDITION = r"(?:（[^）]*）)?(?:》|$)"
_REGEXES: tuple[Rule, ...] = (
    Rule(
        "art20-01",
        _NAME + r"(?P<kw>办法|规定|细则|规则|条例|意见|措施|基准)" + _EDITION,
        4,
        regex=True,
        form=True,
        reason="文件名以“{kw}”结尾",
    ),
    Rule("art20-03", _NAME + r"(?P<kw>规划|纲要)" + _EDITION, 4, True, True, "文件名以“{kw}”结尾"),
    Rule("art20-12", _NAME + r"(?P<kw>预案)" + _EDITION, 4, True, True, "文件名以“{kw}”结尾"),
    Rule("art20-07", r"下达[^，。]{0,20}资金", 3, regex=True),
    Rule("art20-05", r"关于同意[^，。]{1,30}的批复", 2.5, regex=True, reason="为“同意…的批复”"),
    Rule("system", r"(?P<kw>制度)(?:（[^）]*）)?$", 3, regex=True, reason="文件名以“{kw}”结尾"),
)
FORM_DISCOUNT = 0.25


def _build_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for key, by_weight in _PHRASES.items():
        for weight, phrases in by_weight.items():
            rules.extend(Rule(key, phrase, float(weight)) for phrase in phrases.split())
    return tuple(rules) + _REGEXES


RULES: tuple[Rule, ...] = _build_rules()


# --------------------------------------------------------------------------- text


def _normalise(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII), full-width parentheses, no spaces."""
    text = unicodedata.normalize("NFKC", text)
    # NFKC turns （） into (); the rules are written with the full-width forms.
    text = text.replace("(", "（").replace(")", "）")
    return re.sub(r"\s+", "", text)


def _lead(body: str) -> str:
    """The opening of the body, where a document says what it is for."""
    return _normalise(body[: 2 * BODY_LEAD])[:BODY_LEAD]


_DIGITS = re.compile(r"[0-9]+")


def _bigrams(text: str) -> Counter[str]:
    text = _DIGITS.sub("0", text)
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


# --------------------------------------------------------------------------- keyword rules


class _Hit(NamedTuple):
    rule: Rule
    text: str
    start: int
    end: int


def _find(rules: Sequence[Rule], text: str) -> list[_Hit]:
    """Each rule's first hit in ``text``, less literal phrases that are part of an organ's
    name or lie inside a longer matched phrase."""
    found: list[tuple[Rule, list[tuple[int, int]]]] = []
    regex: list[_Hit] = []
    for rule in rules:
        if rule.regex:
            match = _compiled(rule.pattern).search(text)
            if match:
                kw = match.groupdict().get("kw") or match.group(0)
                regex.append(_Hit(rule, kw, match.start(), match.end()))
            continue
        spans = [(a, b) for a, b in _occurrences(text, rule.pattern) if not _ORGAN.match(text, b)]
        if spans:
            found.append((rule, spans))
    every = [span for _rule, spans in found for span in spans]
    kept = []
    for rule, spans in found:
        n = len(rule.pattern)
        # Dropped only when every occurrence sits inside a longer matched phrase.
        if all(any(s <= a and b <= e and e - s > n for s, e in every) for a, b in spans):
            continue
        kept.append(_Hit(rule, rule.pattern, *spans[0]))
    return kept + regex


# A phrase followed by the end of an organ's name is that organ, not the subject: the
# 社会保障 of 人力资源和社会保障局, the 应急 of 应急管理局, the 残疾人 of 残疾人联合会.
_ORGAN = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:局|委员会|联合会|办公室|中心)")


def _occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    found = []
    start = text.find(phrase)
    while start >= 0:
        found.append((start, start + len(phrase)))
        start = text.find(phrase, start + 1)
    return found


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    if pattern not in _PATTERNS:
        _PATTERNS[pattern] = re.compile(pattern)
    return _PATTERNS[pattern]


@dataclass
class _Evidence:
    raw: float = 0.0
    reasons: list[tuple[float, str]] = field(default_factory=list)


# A news item (工作动态) belongs to no statutory column whatever its subject: a title that
# reports a meeting, visit or event and is not itself a notice, announcement or report.
_NEWS = re.compile(
    r"召开|举行|举办|开展|调研|督导|走访|慰问|闭幕|开幕|座谈|出席|观摩|活动|取得|成效|圆满|顺利"
)
_NOT_NEWS = re.compile(
    r"关于|通知|通告|公告|公示|决定|报告|意见|办法|方案|规划|预案|清单|目录|名单"
)


def is_news(title: str) -> bool:
    """Whether a title reads as 工作动态 (“我县召开经济运行分析会”), so keywords are ignored."""
    return bool(_NEWS.search(title)) and not _NOT_NEWS.search(title)


def _keyword_evidence(rules: Sequence[Rule], title: str, lead: str) -> dict[str, _Evidence]:
    evidence: dict[str, _Evidence] = defaultdict(_Evidence)
    if not rules or is_news(title):
        return evidence
    in_title: set[Rule] = set()
    from_body: dict[str, float] = defaultdict(float)
    for where, text, factor in (("标题", title, 1.0), ("正文", lead, BODY_FACTOR)):
        hits = _find(rules, text)
        forms = [h for h in hits if h.rule.form]
        for hit in hits:
            key = hit.rule.column_key
            if hit.rule in in_title:  # a rule counts once, in the title if it is there
                continue
            weight = hit.rule.weight * factor
            if not hit.rule.regex and any(
                f.rule.column_key != key and f.start <= hit.start and hit.end <= f.end
                for f in forms
            ):
                weight *= FORM_DISCOUNT
            if factor == 1.0:
                in_title.add(hit.rule)
            else:  # the body alone never outweighs one decisive title phrase
                weight = min(weight, BODY_CAP - from_body[key])
                from_body[key] += weight
                if weight <= 0:
                    continue
            evidence[key].raw += weight
            reason = where + hit.rule.reason.format(kw=hit.text) + f"（{SHORT_NAMES[key]}）"
            evidence[key].reasons.append((weight, reason))
    return evidence


# --------------------------------------------------------------------------- the classifier


class Classifier:
    """Built once from a unit's classified documents, then asked many times.

    ``use_keywords`` / ``use_similarity`` switch the two parts off, to measure each alone.
    Examples whose column is not one of ``COLUMN_KEYS`` are ignored.
    """

    def __init__(
        self,
        examples: Iterable[Example] = (),
        *,
        rules: Sequence[Rule] = RULES,
        use_keywords: bool = True,
        use_similarity: bool = True,
    ) -> None:
        self.rules = tuple(rules) if use_keywords else ()
        self.use_similarity = use_similarity
        self.examples: list[Example] = [e for e in examples if e.column_key in _ORDER]
        if not use_similarity:
            self.examples = []
        counts = [self._counts(e.title, e.body) for e in self.examples]
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        n = len(counts)
        self._idf = {gram: math.log((n + 1) / (d + 1)) + 1.0 for gram, d in df.items()}
        self._unseen_idf = math.log(n + 1) + 1.0
        # Inverted index: bigram -> [(example index, normalised weight)].
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, c in enumerate(counts):
            for gram, weight in self._vector(c).items():
                self._postings[gram].append((i, weight))

    def __len__(self) -> int:
        return len(self.examples)

    @staticmethod
    def _counts(title: str, body: str) -> dict[str, float]:
        counts: dict[str, float] = defaultdict(float)
        for gram, n in _bigrams(_normalise(title)).items():
            counts[gram] += n
        for gram, n in _bigrams(_lead(body)).items():
            counts[gram] += BODY_SIM_WEIGHT * n
        return counts

    def _vector(self, counts: dict[str, float]) -> dict[str, float]:
        vector = {
            gram: (1.0 + math.log(n) if n >= 1 else n) * self._idf.get(gram, self._unseen_idf)
            for gram, n in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in vector.values()))
        return {gram: w / norm for gram, w in vector.items()} if norm else {}

    def similar(self, title: str, body: str = "") -> dict[str, tuple[float, Example]]:
        """The best cosine per column and the example that gives it."""
        if not self.examples:
            return {}
        scores: dict[int, float] = defaultdict(float)
        for gram, weight in self._vector(self._counts(title, body)).items():
            for i, w in self._postings.get(gram, ()):
                scores[i] += weight * w
        best: dict[str, tuple[float, Example]] = {}
        for i in sorted(scores):  # in example order, so ties keep the first example
            example, cosine = self.examples[i], min(scores[i], 1.0)
            if cosine > best.get(example.column_key, (0.0, example))[0]:
                best[example.column_key] = (cosine, example)
        return best

    def suggest(self, title: str, body: str = "", *, top: int = 3) -> list[Suggestion]:
        """Up to ``top`` columns scoring at least ``MIN_SCORE``, best first; [] if none."""
        title, lead = _normalise(title), _lead(body)
        if not title and not lead:
            return []
        evidence = _keyword_evidence(self.rules, title, lead)
        similar = self.similar(title, body) if self.use_similarity else {}
        suggestions = []
        for key in set(evidence) | set(similar):
            k = evidence[key].raw if key in evidence else 0.0
            keyword_score = 1.0 - math.exp(-k / KEYWORD_SCALE)
            cosine, example = similar.get(key, (0.0, None))
            similarity_score = cosine if cosine >= SIM_FLOOR else 0.0
            score = 1.0 - (1.0 - keyword_score) * (1.0 - similarity_score)
            if score < MIN_SCORE:
                continue
            reasons = [r for _w, r in sorted(evidence[key].reasons, key=lambda x: -x[0])[:3]]
            if similarity_score and example is not None:
                reason = (
                    f"与本单位已归入该栏目的《{_short_title(example.title)}》相似"
                    f"（相似度{cosine:.2f}）"
                )
                reasons.insert(0 if similarity_score > keyword_score else len(reasons), reason)
            suggestions.append(Suggestion(key, round(score, 4), reasons))
        suggestions.sort(key=lambda s: (-s.score, _ORDER[s.column_key]))
        return suggestions[:top]


def _short_title(title: str, limit: int = 40) -> str:
    title = title.strip()
    return title if len(title) <= limit else title[: limit - 1] + "…"


def suggest_columns(
    title: str, body: str = "", *, examples: Iterable[Example] = (), top: int = 3
) -> list[Suggestion]:
    """The likeliest columns for a document, with reasons; ``examples`` are the unit's own.

    Builds a ``Classifier`` on every call: to classify many documents, build one and reuse it.
    """
    return Classifier(examples).suggest(title, body, top=top)


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class Report:
    """How well suggestions match the columns documents are really in.

    ``n`` counts test documents with a column; ``top1``/``top3`` are the shares whose column
    is the first / among the first three suggestions (no suggestion counts as wrong);
    ``coverage`` is the share that got any suggestion; ``precision`` the share of first
    suggestions that were right. ``unlabelled`` test documents (empty ``column_key``) should
    get no suggestion; ``false_alarms`` counts those that got one.
    """

    n: int
    top1: float
    top3: float
    coverage: float
    precision: float
    per_column: dict[str, tuple[int, int]]  # column -> (documents, first suggestion right)
    confusions: list[tuple[str, str, int]]  # (column, wrongly suggested column, count)
    unlabelled: int = 0
    false_alarms: int = 0

    def lines(self, limit: int = 8) -> list[str]:
        """A short human-readable summary (used by the benchmark)."""
        out = [
            f"n={self.n}  top-1 {self.top1:.1%}  top-3 {self.top3:.1%}  "
            f"coverage {self.coverage:.1%}  precision {self.precision:.1%}"
        ]
        if self.unlabelled:
            out[0] += f"  false alarms {self.false_alarms}/{self.unlabelled}"
        for true, got, count in self.confusions[:limit]:
            out.append(f"    {true} -> {got or '(无建议)'}: {count}")
        return out


def evaluate(
    train: Iterable[Example],
    test: Iterable[Example],
    *,
    use_keywords: bool = True,
    use_similarity: bool = True,
) -> Report:
    """Classify every test document with a classifier built from its unit's training docs."""
    by_unit: dict[str, list[Example]] = defaultdict(list)
    for example in train:
        by_unit[example.unit].append(example)
    classifiers: dict[str, Classifier] = {}
    n = hit1 = hit3 = covered = unlabelled = false_alarms = 0
    per_column: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confusions: Counter[tuple[str, str]] = Counter()
    for doc in test:
        if doc.unit not in classifiers:
            classifiers[doc.unit] = Classifier(
                by_unit.get(doc.unit, ()),
                use_keywords=use_keywords,
                use_similarity=use_similarity,
            )
        got = [s.column_key for s in classifiers[doc.unit].suggest(doc.title, doc.body, top=3)]
        if not doc.column_key:
            unlabelled += 1
            false_alarms += bool(got)
            continue
        n += 1
        covered += bool(got)
        first = got[0] if got else ""
        hit1 += first == doc.column_key
        hit3 += doc.column_key in got
        per_column[doc.column_key][0] += 1
        per_column[doc.column_key][1] += first == doc.column_key
        if first != doc.column_key:
            confusions[(doc.column_key, first)] += 1
    share = (lambda k: k / n) if n else (lambda k: 0.0)
    return Report(
        n=n,
        top1=share(hit1),
        top3=share(hit3),
        coverage=share(covered),
        precision=hit1 / covered if covered else 0.0,
        per_column={k: (v[0], v[1]) for k, v in sorted(per_column.items(), key=_column_order)},
        confusions=[(t, g, c) for (t, g), c in sorted(confusions.items(), key=_confusion_order)],
        unlabelled=unlabelled,
        false_alarms=false_alarms,
    )


def _column_order(item: tuple[str, list[int]]) -> int:
    return _ORDER.get(item[0], len(_ORDER))


def _confusion_order(item: tuple[tuple[str, str], int]) -> tuple[int, str, str]:
    (true, got), count = item
    return (-count, true, got)


def split_by_year(
    dated: Iterable[tuple[int, Example]], year: int
) -> tuple[list[Example], list[Example]]:
    """Held out by year: train on documents of years before ``year``, test on ``year``'s."""
    train, test = [], []
    for y, example in dated:
        if y < year:
            train.append(example)
        elif y == year:
            test.append(example)
    return train, test
