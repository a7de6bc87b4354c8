"""Synthetic Chinese government documents and a fixed query mix for the search benchmark.

Pure and deterministic: standard library only, nothing from gongkai or Django (the bench stays
independent of the app), and every figure comes from ``random.Random(seed)``.

* ``documents(seed)`` — an endless iterator of ``Doc``: title (永昌县教育局关于做好2024年秋季学期
  义务教育招生入学工作的通知), 发文字号 (永教发〔2024〕12号, on most documents), 索引号
  (620321003/2024-00012), unit, column, year, 成文日期, validity and a plain-text body of 1–5 KB
  (UTF-8) assembled from government sentence templates filled with subjects, places, people,
  figures and dates. Document ``i`` depends only on the seed and ``i``, never on how many are
  taken, so the first documents are the same at every scale.
* ``queries(seed)`` — 200 queries tagged by kind (see ``KINDS``), ordered round-robin by kind so
  that any prefix of the list is a stratified sample. Known-item queries (a full title, a 发文字号
  in one of several bracket styles) name their target document, one of the first ``KNOWN``.

Units are eight counties of 金昌, 张掖 and 武威 with their governments, offices, departments and
townships; the townships are real, everything else (people, villages, figures) is invented.
"""

from __future__ import annotations

import itertools
import json
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import astuple, dataclass

__all__ = ["KINDS", "KNOWN", "MAX_BODY", "MIN_BODY", "Doc", "Query", "documents", "queries"]

MIN_BODY, MAX_BODY = 1024, 5120  # body size in bytes of UTF-8
FIRST_YEAR, LAST_YEAR = 2010, 2025
KNOWN = 200  # known-item queries point at documents 1..KNOWN, present at every scale >= KNOWN


@dataclass(frozen=True, slots=True)
class Doc:
    id: int  # 1, 2, 3 … in generation order
    title: str
    doc_no: str  # 发文字号 as stored (〔〕, 号), "" when the document has none
    index_no: str  # 索引号: unit code/year-sequence
    unit: str
    column: str
    year: int
    written_on: str  # 成文日期, ISO
    validity: str  # 有效, 失效, 废止
    body: str  # paragraphs separated by "\n"

    def to_json(self) -> str:
        return json.dumps(astuple(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> Doc:
        return cls(*json.loads(line))


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    kind: str
    target: int | None = None  # the document a known-item query is looking for


# --------------------------------------------------------------------------- units

# (county, 机关代字 initial, division code, townships)
COUNTIES = (
    ("永昌县", "永", "620321", "城关镇 河西堡镇 朱王堡镇 东寨镇 水源镇 红山窑镇 焦家庄镇 六坝镇 新城子镇 南坝乡"),
    ("山丹县", "山", "620725", "清泉镇 位奇镇 霍城镇 陈户镇 大马营镇 东乐镇 老军乡 李桥乡"),
    ("民乐县", "民", "620722", "洪水镇 六坝镇 新天镇 南古镇 永固镇 三堡镇 南丰镇 民联镇 顺化镇 丰乐镇"),
    ("临泽县", "临", "620723", "沙河镇 新华镇 蓼泉镇 平川镇 板桥镇 鸭暖镇 倪家营镇"),
    ("高台县", "高", "620724", "城关镇 宣化镇 南华镇 巷道镇 合黎镇 骆驼城镇 新坝镇 黑泉镇 罗城镇"),
    ("古浪县", "古", "620622", "古浪镇 泗水镇 土门镇 大靖镇 裴家营镇 海子滩镇 定宁镇 黄羊川镇"),
    ("民勤县", "勤", "620621", "三雷镇 东坝镇 泉山镇 西渠镇 东湖镇 红沙梁镇 苏武镇 大坝镇 薛百镇"),
    ("金塔县", "金", "620921", "中东镇 鼎新镇 金塔镇 东坝镇 航天镇 大庄子镇 西坝镇 古城乡"),
)  # fmt: skip

# Departments: (name, 代字, subjects, measures). Subjects read as noun phrases that fit
# "关于做好2024年{subject}工作的通知"; measures are clauses for the numbered sections.
DEPARTMENTS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("教育局", "教", (
        "秋季学期义务教育招生入学", "学生资助", "校园安全隐患排查", "学前教育普及普惠",
        "中小学教师公开招聘", "义务教育“双减”", "校外培训机构治理", "农村义务教育学生营养改善计划",
        "普通高考考务", "中小学生防溺水", "教师职称评审", "县域义务教育优质均衡发展",
    ), (
        "严格落实义务教育免试就近入学，不得以任何形式举行或变相举行入学考试",
        "健全学生资助体系，确保家庭经济困难学生应助尽助",
        "推进县域内义务教育学校校长教师交流轮岗",
        "改善农村学校基本办学条件，推进学校标准化建设",
        "健全校园安全防控体系，开展防溺水、交通安全等专题教育",
        "扩大普惠性学前教育资源供给，提高公办幼儿园在园幼儿占比",
        "规范校外培训机构审批登记，严禁以各种名义违规开展学科类培训",
    )),
    ("财政局", "财", (
        "预算绩效管理", "政府采购意向公开", "部门预算编制", "国库集中支付", "惠民惠农财政补贴资金“一卡通”",
        "政府债务风险防范", "行政事业单位国有资产清查", "财政资金直达", "会计信息质量检查", "“三公”经费公开",
    ), (
        "全面实施预算绩效管理，做到预算编制有目标、预算执行有监控、预算完成有评价",
        "严格控制“三公”经费支出，坚持过紧日子，把有限的资金用在刀刃上",
        "专项资金实行项目库管理，未入库项目一律不得安排资金",
        "加强国库集中支付管理，严禁无预算、超预算拨付资金",
        "建立健全政府债务风险预警机制，坚决遏制隐性债务增量",
        "惠民惠农补贴资金通过“一卡通”直接发放到户，严禁截留、挤占、挪用",
    )),
    ("人力资源和社会保障局", "人社", (
        "城乡居民基本养老保险", "高校毕业生就业创业", "事业单位公开招聘", "农民工工资支付专项检查",
        "公益性岗位开发管理", "职业技能提升行动", "工伤保险", "创业担保贷款", "劳动人事争议调解仲裁",
        "根治欠薪冬季专项行动",
    ), (
        "落实就业创业扶持政策，做好高校毕业生、农民工、退役军人等重点群体就业工作",
        "规范开发公益性岗位，兜底安置就业困难人员",
        "大规模开展职业技能培训，提升劳动者就业创业能力",
        "落实城乡居民基本养老保险政策，扩大社会保险覆盖面",
        "全面落实农民工工资专用账户、实名制管理和工资保证金制度",
        "严格执行公开招聘信息、资格条件、考试结果、聘用结果等“七公开”制度",
    )),
    ("民政局", "民", (
        "城乡低保提标", "最低生活保障对象动态管理", "特困人员救助供养", "临时救助", "困难残疾人两项补贴",
        "居家和社区养老服务", "殡葬改革", "婚姻登记", "村（居）民委员会换届选举", "冬春救助",
        "留守儿童关爱保护", "社会组织年度检查",
    ), (
        "开展低保对象动态管理，做到应保尽保、应退尽退",
        "落实社会救助“一门受理、协同办理”机制，畅通困难群众求助渠道",
        "规范特困人员认定和供养服务，提高集中供养能力",
        "推进城乡社区居家养老服务站点建设，发展老年助餐服务",
        "落实困难残疾人生活补贴和重度残疾人护理补贴制度",
        "健全农村留守儿童和困境儿童关爱保护体系",
    )),
    ("自然资源局", "自然资源", (
        "耕地保护", "国土空间规划编制", "不动产登记", "农村宅基地审批", "国有建设用地使用权出让",
        "地质灾害防治", "违法用地整治", "耕地占补平衡", "矿产资源开发秩序整治", "土地征收",
    ), (
        "严格落实耕地保护目标责任，坚决遏制耕地“非农化”、防止“非粮化”",
        "依法开展拟征收土地现状调查和社会稳定风险评估，足额落实征地补偿安置费用",
        "深化不动产登记“一窗受理、并行办理”，一般登记业务压缩至5个工作日以内",
        "强化国土空间用途管制，严禁未批先建、批少占多",
        "加强地质灾害隐患点巡查排查，落实群测群防措施",
    )),
    ("住房和城乡建设局", "建", (
        "棚户区改造", "城镇老旧小区改造", "农村危房改造", "公共租赁住房分配", "建筑施工扬尘治理",
        "物业服务质量提升", "城市供热", "建筑工程质量安全", "城镇燃气安全排查整治", "保障性租赁住房",
        "住房公积金缴存",
    ), (
        "实施城镇老旧小区改造，完善供水、供热、排水、燃气等配套设施",
        "加快推进棚户区改造项目建设，确保按期交付安置住房",
        "严格落实施工工地周边围挡、物料堆放覆盖、出入车辆冲洗等扬尘管控措施",
        "规范住宅小区物业服务，开展物业服务质量提升行动",
        "加强建筑工程质量安全监管，严厉打击违法分包、转包行为",
        "公共租赁住房实行轮候配租，分配结果在小区和政府网站同步公示",
    )),
    ("农业农村局", "农", (
        "高标准农田建设", "秸秆禁烧和综合利用", "春耕生产", "重大动物疫病防控", "农村人居环境整治",
        "农作物病虫害统防统治", "农业保险", "耕地地力保护补贴", "农村集体产权制度改革", "制种玉米产业",
        "农机购置补贴", "农村土地承包经营权流转",
    ), (
        "稳定粮食播种面积，大力发展制种、蔬菜、草畜等特色优势产业",
        "加快高标准农田建设，推广滴灌、喷灌等高效节水灌溉技术",
        "落实重大动物疫病强制免疫措施，确保不发生区域性重大动物疫情",
        "推进农村生活垃圾和生活污水治理，常态化开展村庄清洁行动",
        "培育壮大农民专业合作社、家庭农场等新型农业经营主体",
        "耕地地力保护补贴通过惠民惠农“一卡通”足额发放到户",
    )),
    ("水务局", "水", (
        "防汛抗旱", "河湖长制", "农村饮水安全", "冬春农田水利基本建设", "地下水超采治理", "水资源税改革",
        "山洪灾害防御", "河道采砂管理", "节水型社会建设",
    ), (
        "全面落实河湖长制，推进河湖“清四乱”常态化规范化",
        "实行最严格水资源管理制度，强化用水总量和强度双控",
        "落实防汛抗旱行政首长负责制，汛期严格执行24小时值班和领导带班制度",
        "加强农村供水工程运行管护，保障农村群众饮水安全",
        "严厉打击非法采砂行为，维护河道行洪安全",
    )),
    ("卫生健康局", "卫健", (
        "家庭医生签约服务", "基本公共卫生服务", "疫苗接种", "紧密型县域医共体建设", "爱国卫生运动",
        "手足口病防控", "鼠疫防控", "无偿献血", "托育服务", "健康县城创建", "计划生育家庭奖励扶助",
    ), (
        "深化紧密型县域医共体建设，推动优质医疗资源下沉",
        "做实做细家庭医生签约服务，提高重点人群签约服务质量",
        "规范实施国家基本公共卫生服务项目",
        "加强传染病监测预警和疫情报告，做好重点传染病防控",
        "严格落实预防接种工作规范，提高适龄儿童免疫规划疫苗接种率",
        "落实计划生育家庭奖励扶助和特别扶助制度，做到应扶尽扶",
    )),
    ("市场监督管理局", "市监", (
        "食品安全监督抽检", "特种设备安全隐患排查", "“双随机、一公开”监管", "药品安全专项整治",
        "校园食品安全", "价格监督检查", "计量器具强制检定", "个体工商户年度报告", "商品条码",
        "知识产权保护",
    ), (
        "加强食品生产经营主体日常监督检查，落实“四个最严”要求",
        "开展电梯、锅炉、压力容器等特种设备安全隐患专项排查",
        "全面推行“双随机、一公开”监管，实现跨部门联合抽查常态化",
        "加强药品、医疗器械和化妆品质量安全监管",
        "严厉打击制售假冒伪劣商品等违法行为",
    )),
    ("应急管理局", "应急", (
        "安全生产大检查", "森林草原防火", "危险化学品安全专项整治", "防灾减灾宣传周", "自然灾害救助",
        "非煤矿山安全整治", "烟花爆竹安全管理", "应急预案演练", "安全生产责任制考核",
    ), (
        "全面落实安全生产“党政同责、一岗双责、齐抓共管、失职追责”",
        "深入开展安全隐患排查整治，建立问题、责任、整改“三个清单”，实行闭环管理",
        "加强应急值守，严格执行24小时值班和领导带班制度",
        "做好受灾群众冬春生活救助，确保受灾群众基本生活",
        "加强烟花爆竹生产、经营、储存、运输、燃放全链条安全监管",
    )),
    ("交通运输局", "交", (
        "“四好农村路”建设", "农村公路养护", "道路运输安全", "城乡客运一体化", "治超治限",
        "出租汽车管理", "春运", "公路建设项目招标",
    ), (
        "深入推进“四好农村路”建设，落实县、乡、村三级路长制",
        "加强农村公路日常养护和路域环境整治，确保列养率达到100%",
        "加强道路运输企业安全监管，严厉打击非法营运行为",
        "优化城乡客运线路，推进城乡客运一体化",
        "强化治超治限，依法保护公路路产路权",
    )),
    ("生态环境分局", "环", (
        "大气污染防治", "重污染天气应急", "中央生态环境保护督察反馈问题整改", "建设项目环境影响评价",
        "排污许可", "水源地保护", "土壤污染防治", "固体废物排查",
    ), (
        "强化重点排污单位监管，依法查处超标排放等环境违法行为",
        "加快燃煤锅炉淘汰和清洁取暖改造",
        "对饮用水水源保护区内的违法建设项目依法责令拆除或者关闭",
        "落实重污染天气应急减排清单，按预警等级实施差异化管控",
    )),
    ("文体广电和旅游局", "文旅", (
        "文化惠民", "文物安全", "非物质文化遗产保护", "全民健身", "旅游市场秩序整治",
        "应急广播体系建设", "“扫黄打非”", "公共图书馆总分馆制", "A级旅游景区创建",
    ), (
        "推进县图书馆、文化馆总分馆制建设，实现乡镇全覆盖",
        "实施文化惠民工程，常态化开展送戏下乡、广场文化活动",
        "加强文物保护单位的日常巡查和安全管理",
        "开展旅游市场秩序专项整治，严厉打击“不合理低价游”等违法行为",
        "完善城乡全民健身设施，组织开展群众性体育赛事活动",
    )),
    ("医疗保障局", "医保", (
        "城乡居民医疗保险参保缴费", "医疗保障基金监管", "门诊慢特病", "医保药品集中带量采购",
        "异地就医直接结算", "大病保险", "医疗救助",
    ), (
        "健全医疗保障基金监管长效机制，严厉打击欺诈骗保行为",
        "落实城乡居民医保参保缴费政策，确保应保尽保",
        "推进异地就医直接结算，简化备案手续",
        "落实医疗救助托底保障，减轻困难群众医疗费用负担",
    )),
    ("退役军人事务局", "退役", (
        "退役军人优待抚恤", "光荣牌悬挂", "退役士兵安置", "双拥模范县创建", "烈士纪念设施保护",
    ), (
        "做好退役士兵接收安置和优抚工作",
        "落实义务兵家庭优待金和大学生士兵学费补偿政策",
        "规范为烈属、军属和退役军人等家庭悬挂光荣牌工作",
    )),
    ("统计局", "统", (
        "第五次全国经济普查", "第七次全国人口普查", "统计执法检查", "规模以上工业统计", "统计数据质量",
        "农业普查",
    ), (
        "严格落实统计数据质量责任制，坚决防范和惩治统计造假、弄虚作假",
        "做好普查对象清查摸底和入户登记工作",
        "加强统计基层基础建设，规范统计台账",
    )),
    ("审计局", "审", (
        "领导干部经济责任审计", "政府投资项目审计", "审计发现问题整改", "自然资源资产离任审计",
    ), (
        "强化审计发现问题整改落实，建立整改台账，实行对账销号管理",
        "加强对重点民生资金和重大政策措施落实情况的审计监督",
    )),
    ("林业和草原局", "林草", (
        "国土绿化", "林长制", "草原禁牧和草畜平衡", "林业有害生物防治", "野生动物保护", "古树名木保护",
    ), (
        "全面推行林长制，落实各级林长森林草原资源保护发展责任",
        "扎实推进国土绿化，落实森林草原防火责任",
        "严厉打击非法猎捕、交易野生动物等违法行为",
    )),
    ("发展和改革局", "发改", (
        "重点项目建设", "优化营商环境", "社会信用体系建设", "粮食安全", "价格监测", "招商引资",
        "以工代赈", "政府投资项目审批",
    ), (
        "建立健全重大项目储备库，实行项目谋划、储备、建设全过程动态管理",
        "依托投资项目在线审批监管平台，实现项目审批全流程网上办理",
        "加强重要民生商品价格监测，做好保供稳价工作",
        "落实招商引资项目“全程代办”服务，推动签约项目早落地、早投产",
    )),
    ("司法局", "司", (
        "法律援助", "人民调解", "“八五”普法", "行政执法“三项制度”", "社区矫正", "公共法律服务体系建设",
    ), (
        "健全人民调解、行政调解、司法调解联动工作体系",
        "推进公共法律服务实体平台、热线平台、网络平台融合发展",
        "全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度",
        "深入实施“八五”普法规划，落实“谁执法谁普法”普法责任制",
    )),
    ("乡村振兴局", "乡振", (
        "防止返贫动态监测和帮扶", "脱贫人口小额信贷", "东西部协作", "衔接推进乡村振兴补助资金",
        "易地扶贫搬迁后续扶持", "消费帮扶",
    ), (
        "健全防止返贫动态监测和帮扶机制，守住不发生规模性返贫底线",
        "衔接资金重点支持联农带农富农产业发展，提高资金使用效益",
        "精准识别监测对象，做到早发现、早干预、早帮扶",
    )),
)  # fmt: skip

GOVERNMENT_SUBJECTS = (
    "政府信息公开", "政务服务“一网通办”", "重大行政决策", "行政规范性文件清理", "12345政务服务便民热线",
    "政府工作报告重点任务分解", "国务院大督查", "春节期间有关工作", "冬季取暖", "全国文明城市创建",
    "“放管服”改革", "机关事务管理", "突发事件应急", "地名普查",
)  # fmt: skip

TOWN_SUBJECTS = (
    "农村人居环境整治", "村级财务管理", "秸秆禁烧", "森林草原防火", "防汛", "城乡低保提标",
    "村庄规划编制", "高标准农田建设", "农村宅基地审批", "征兵", "防止返贫动态监测和帮扶",
    "村（社区）“两委”换届", "矛盾纠纷排查化解", "冬春农田水利基本建设",
)  # fmt: skip

GENERAL_MEASURES = (
    "加强组织领导，明确责任分工，形成上下联动、齐抓共管的工作格局",
    "健全工作台账，实行清单化管理、台账式推进，确保各项部署落地见效",
    "强化宣传引导，及时回应群众关切，营造良好社会氛围",
    "健全政务公开工作机制，及时准确发布权威政策信息",
    "强化督查督办，对重点工作定期调度、跟踪问效",
    "坚持问题导向，聚焦群众反映强烈的突出问题，集中力量攻坚突破",
)
LAWS = (
    "《中华人民共和国政府信息公开条例》", "《中华人民共和国预算法》", "《中华人民共和国安全生产法》",
    "《中华人民共和国食品安全法》", "《中华人民共和国义务教育法》", "《社会救助暂行办法》",
    "《中华人民共和国土地管理法》", "《中华人民共和国社会保险法》", "《中华人民共和国防洪法》",
    "《中华人民共和国大气污染防治法》", "《优化营商环境条例》", "《中华人民共和国乡村振兴促进法》",
    "《保障农民工工资支付条例》", "《医疗保障基金使用监督管理条例》", "《中华人民共和国森林法》",
    "《中华人民共和国行政处罚法》", "《国有土地上房屋征收与补偿条例》", "《物业管理条例》",
)  # fmt: skip
GOALS = (
    "进一步提升政府治理效能", "持续改善城乡人居环境", "切实保障和改善民生", "推动全县经济高质量发展",
    "兜牢兜实基本民生保障底线", "有效防范化解重大安全风险", "促进教育公平、提高教育质量",
    "全面推进乡村振兴", "加快建设人民满意的服务型政府", "保障人民群众生命财产安全",
)  # fmt: skip

COLUMNS = (
    "规范性文件", "政策解读", "规划计划", "工作动态", "通知公告", "财政预决算", "政府采购",
    "行政许可", "行政处罚", "重大建设项目", "社会救助", "教育", "医疗卫生", "应急管理", "人事信息",
)  # fmt: skip

SURNAMES = "王张李刘陈杨赵马魏何郭朱孙高徐罗周吴胡冯韩苏曹蔡丁田党雷祁安毛闫谢段石贾姚潘汪郑程唐许邓宋梁董袁"
GIVEN = "国建军志明学文海永忠生东伟斌鹏强刚峰涛杰龙新平荣德兴宏宁林俊晓玉成江福兵辉磊勇浩宇博红丽霞芳燕娟敏静玲英梅萍兰琴艳婷洁雪慧"
VILLAGES = (
    "新庄 红庙 沙沟 西湾 东湾 头坝 二坝 三坝 五坝 高古城 毛家庄 黄家庄 上沟 下沟 北滩 南滩 柳树 花寨 "
    "马家 杨家 王家庄 陈家 永宁 永丰 胜利 团结 和平 双湾 新沟 金星 红光 前进 西岭 东岭 中沟 河滩 梁家 "
    "李家寨 赵家庄 水磨 石岗 龙口 羊圈 泉头 北地 南地 营盘 古城 夹河"
).split()
ENTERPRISES = (
    "建工集团有限公司", "市政工程有限责任公司", "农业科技开发有限公司", "商贸有限公司", "物业服务有限公司",
    "种业有限责任公司", "建材有限公司", "供热有限公司", "农民专业合作社", "劳务有限公司",
)  # fmt: skip

# Rare terms: a document mentions one of them with probability RARE_RATE, so each appears in
# about scale × RARE_RATE / len(RARE_TERMS) documents (5 at 100,000, 50 at 1,000,000).
RARE_RATE = 0.002
RARE_TERMS = (
    "骊靬古城遗址", "圣容寺塔", "鸳鸯池水库", "北海子公园", "皇城水库", "焉支山", "扁都口", "平山湖",
    "黑河湿地", "骆驼城遗址", "许三湾古城", "大佛寺", "马蹄寺", "红西路军纪念馆", "沙井子遗址",
    "瑞安堡", "苏武山", "青土湖", "石羊河", "东大山", "祁连山国家公园", "霍去病", "丝路古道",
    "汉明长城", "峡口古城", "金川峡水库", "西大河水库", "海子滩草原", "昭武故城", "黄草坝",
)  # fmt: skip
RARE_SENTENCES = (
    "要加强{}周边环境整治和安全巡查，严禁在保护范围内从事违法建设活动。",
    "{}管护站要落实日常巡护制度，发现问题及时报告、及时处置。",
    "依托{}等资源，推动文旅融合发展，打造精品旅游线路。",
    "对{}沿线的重点区域开展专项执法检查，依法查处破坏资源的违法行为。",
)

ADDRESSEES = {
    "county": "各乡镇人民政府，县政府各部门，县属各企事业单位：",
    "department": "各乡镇人民政府，县直各有关单位：",
    "township": "各村（社区），镇（乡）属各单位：",
}
DEPARTMENT_ADDRESSEES = {
    "教": "各乡镇中心学校，县直各学校（幼儿园）：",
    "卫健": "各乡镇卫生院，县直各医疗卫生单位：",
    "医保": "各乡镇卫生院，县直各医疗卫生单位，各定点医药机构：",
}

HEADINGS = (
    "总体要求", "工作目标", "主要任务", "实施范围", "实施步骤", "保障措施", "工作要求", "申报条件",
    "办理流程", "补助标准", "资金管理", "监督管理", "职责分工", "时间安排", "考核评估", "重点内容",
)  # fmt: skip

# Sentence templates. {S} subject, {C} county, {P} the issuing area (county or town), {T} a
# town of the county, {V} a village, {U} the unit, {Y} year, {M}/{D} month/day, {N} a count,
# {X} an amount in 万元, {R} a percentage, {E} a measure, {G} a goal, {L} a law, {name} a person,
# {tel} a telephone number, {firm} an enterprise, {cn} a Chinese numeral.
SENTENCES = (
    "截至{Y}年{M}月底，全县累计完成{S}投资{X}万元，惠及群众{N}户{N}人。",
    "{T}{V}村{S}项目已于{Y}年{M}月{D}日开工建设，计划总投资{X}万元，预计年底前完工。",
    "全年计划完成{S}任务{N}项，目前已完成{N}项，完成率{R}%。",
    "各乡镇要于{M}月{D}日前将{S}工作进展情况报送{U}，逾期未报的予以通报。",
    "{E}。",
    "要{E}，确保{S}各项任务按期完成。",
    "坚持以人民为中心的发展思想，统筹发展和安全，着力解决群众急难愁盼问题。",
    "县财政安排{S}专项资金{X}万元，严格实行专款专用、专账核算。",
    "经初步统计，{T}共有{N}户符合条件，其中{V}村{N}户、{V}村{N}户。",
    "对排查发现的{N}个问题，逐项明确整改责任人和整改时限，做到整改一项、销号一项。",
    "由{firm}承建的{T}{S}项目，合同金额{X}万元，工期{N}日历天。",
    "本次检查共出动执法人员{N}人次，检查各类单位{N}家，发现问题隐患{N}处，已督促整改{N}处。",
    "{Y}年{M}月{D}日至{M}月{D}日，{U}组成{N}个督查组，对各乡镇{S}工作开展了专项督查。",
    "补助标准为每户{N}元，资金通过惠民惠农财政补贴资金“一卡通”直接发放到户。",
    "符合条件的申请人可于工作日到{T}便民服务中心或{U}办理，也可通过政务服务网在线申请。",
    "对工作推进不力、造成不良影响的，依规依纪严肃追究相关人员责任。",
    "要充分利用广播、电视、政府网站和政务新媒体广泛宣传相关政策，营造良好社会氛围。",
    "各责任单位要建立工作台账，实行清单化管理，每月{D}日前报送工作进展情况。",
    "要结合实际制定具体实施方案，细化工作举措，确保{Y}年底前取得明显成效。",
    "{Y}年全县共发放{S}资金{X}万元，较上年增长{R}%。",
    "{T}党委、政府要切实履行属地管理责任，主要负责同志亲自抓、负总责。",
    "本项工作由{U}牵头，县财政局、县发展和改革局等部门按照职责分工配合。",
    "为{G}，{U}将{S}列入年度重点工作，纳入目标责任考核。",
    "依据{L}，对违反规定的单位和个人依法予以处理。",
    "申请材料包括身份证、户口簿复印件和{S}申请表，材料不全的一次性告知需要补正的全部内容。",
    "{V}村共有农户{N}户、人口{N}人，耕地面积{N}亩，主要种植制种玉米、小麦和蔬菜。",
    "{name}同志任{S}工作领导小组组长，领导小组办公室设在{U}，负责日常工作。",
    "投诉举报电话：{tel}，受理时间为工作日上午8:30至12:00、下午14:30至18:00。",
    "{Y}年第{cn}季度，全县{S}工作总体平稳，各项指标完成情况好于预期。",
    "经{U}审核，{firm}等{N}家单位符合申报条件，现予以公示。",
    "{Y}年{M}月{D}日，{U}召开{S}工作推进会，{name}同志出席会议并讲话。",
    "会议指出，{S}事关群众切身利益，各级各部门要提高政治站位，压实工作责任。",
    "{T}结合实际，探索形成了“村申请、镇审核、县审批”的工作机制，办理时限由{N}个工作日压缩至{N}个工作日。",
    "全县共排查{S}相关单位{N}家，建立问题清单{N}条，已整改销号{N}条，整改率{R}%。",
    "实施过程中，要严格执行项目公示制度，在{V}村村务公开栏公示不少于{N}日。",
    "申请人对审核结果有异议的，可自收到告知之日起{N}个工作日内向{U}申请复核。",
    "{U}将会同有关部门开展联合检查，检查结果纳入年度考核，并在一定范围内通报。",
    "对已享受{S}政策的对象实行动态管理，每季度核查一次，发现不符合条件的及时停发。",
    "{firm}未按规定落实{S}有关要求，{U}依法责令限期改正，并处罚款{N}元。",
    "全年共受理群众来电来信{N}件，办结{N}件，群众满意率{R}%。",
    "在{Y}年度全省{S}工作考核中，{C}位列全市第{cn}名。",
    "{T}{V}村将{S}纳入村规民约，由村“两委”班子成员包片负责，定期入户宣传。",
    "各乡镇要确定一名分管领导和一名业务骨干具体负责{S}工作，并于{M}月{D}日前将名单报{U}备案。",
    "本次{S}工作分为宣传动员、组织实施、检查验收三个阶段，{Y}年{M}月底前全面完成。",
    "{U}设立咨询窗口，工作人员{name}，咨询电话{tel}，为群众提供政策咨询和业务办理服务。",
    "要认真落实{L}有关规定，依法依规推进{S}工作，切实维护群众合法权益。",
    "{S}资金实行县级报账制，由乡镇提出申请，经{U}审核后拨付。",
    "通过“线上+线下”方式，累计开展{S}宣传活动{N}场次，发放宣传资料{N}份。",
    "因{S}需要，{T}部分路段将于{M}月{D}日至{M}月{D}日实行临时交通管制，请过往车辆绕行。",
)  # fmt: skip
CLOSINGS = (
    "本{kind}自印发之日起施行，有效期{N}年。",
    "本{kind}由{U}负责解释。",
    "执行中如遇问题，请及时与{U}联系，联系人：{name}，联系电话：{tel}。",
    "公示期间，如有异议，请以书面形式向{U}反映，联系电话：{tel}。",
    "联系人：{name}；联系电话：{tel}；邮箱：{mail}@163.com。",
)

# Document kinds: (weight, title templates, intro templates, addressee?). {kind} in closings.
DOC_KINDS: dict[str, tuple[int, tuple[str, ...], tuple[str, ...], bool]] = {
    "通知": (30, (
        "{U}关于做好{Y}年{S}工作的通知", "{U}关于开展{S}专项行动的通知", "{U}关于进一步加强{S}工作的通知",
        "{U}关于印发《{P}{S}实施方案》的通知", "{U}关于调整{S}有关事项的通知",
        "{U}关于做好{Y}年{season}{S}工作的通知",
    ), (
        "为{G}，根据{L}等有关规定，结合{P}实际，现就{S}有关事项通知如下。",
        "按照省、市有关工作部署，经研究，现就做好{Y}年{S}工作通知如下。",
    ), True),
    "意见": (6, (
        "{U}关于进一步加强{S}工作的意见", "{U}关于加快推进{S}的实施意见", "{P}关于{S}的指导意见",
    ), (
        "为{G}，根据{L}，结合{P}实际，现就{S}提出如下意见。",
    ), True),
    "办法": (5, (
        "{P}{S}管理办法", "{P}{S}实施办法（试行）", "{U}关于印发《{P}{S}管理办法》的通知",
    ), (
        "第一条　为规范{S}工作，{G}，根据{L}等法律法规，结合{P}实际，制定本办法。",
    ), False),
    "方案": (12, (
        "{P}{Y}年{S}工作方案", "{P}{S}专项整治实施方案", "{U}关于印发《{P}{Y}年{S}工作方案》的通知",
    ), (
        "为深入贯彻落实党中央、国务院和省委、省政府决策部署，扎实推进{S}工作，结合{P}实际，制定本方案。",
    ), True),
    "公告": (10, (
        "{U}关于{S}有关事项的公告", "{U}{Y}年{S}公告（第{n}号）", "{U}关于{Y}年{S}的通告",
    ), (
        "根据{L}有关规定，现将{Y}年{S}有关事项公告如下。",
    ), False),
    "批复": (5, (
        "{U}关于{T}{S}有关事项的批复", "{U}关于同意{T}{V}村{S}项目的批复",
    ), (
        "你单位《关于{S}有关事项的请示》收悉。经研究，现批复如下。",
    ), False),
    "报告": (6, (
        "{U}关于{Y}年{S}工作情况的报告", "{U}{Y}年{S}工作总结", "{U}{Y}年上半年{S}工作报告",
    ), (
        "{Y}年，在县委、县政府的坚强领导下，{U}认真贯彻落实{S}各项决策部署，现将有关情况报告如下。",
    ), False),
    "通报": (6, (
        "{U}关于{Y}年第{cn}季度{S}工作情况的通报", "{U}关于{S}专项督查情况的通报",
    ), (
        "为推动{S}各项任务落实，{U}于{Y}年{M}月对各乡镇和有关部门进行了督查，现将有关情况通报如下。",
    ), True),
    "决定": (3, (
        "{U}关于{S}的决定", "{U}关于表彰{Y}年度{S}先进集体和先进个人的决定",
    ), (
        "为{G}，经研究，决定如下。",
    ), True),
    "规划": (2, (
        "{P}“十四五”{S}规划", "{P}“十三五”{S}规划", "{P}{S}发展规划（2021—2025年）",
    ), (
        "本规划依据{L}和《{C}国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要》编制。",
    ), False),
    "公示": (8, (
        "关于{Y}年{S}拟补助对象名单的公示", "{U}关于{Y}年{S}结果的公示", "{U}关于{S}拟认定名单的公示",
    ), (
        "根据{S}有关规定，经个人申请、村级评议、乡镇审核，现将{Y}年拟认定名单予以公示。",
    ), False),
    "函": (4, (
        "{U}关于{S}有关问题的复函", "{U}关于商请协助做好{S}工作的函",
    ), (
        "你单位来函收悉。经研究，现就{S}有关问题函复如下。",
    ), False),
}  # fmt: skip
KIND_NAMES = tuple(DOC_KINDS)
KIND_WEIGHTS = tuple(itertools.accumulate(v[0] for v in DOC_KINDS.values()))
SEASONS = ("春季", "夏季", "秋季", "冬季", "汛期", "春节前后", "")
VALIDITY = ("有效",) * 17 + ("失效", "失效", "废止")
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))
YEAR_WEIGHTS = tuple(itertools.accumulate(0.5 + 0.1 * (y - FIRST_YEAR) for y in YEARS))
DOC_NO_SUFFIXES = ("发", "发", "发", "发", "函", "办发")
CN = "零一二三四五六七八九十"


def cn_numeral(n: int) -> str:
    """Chinese numeral for 1..99 (一, 十二, 二十三)."""
    if n <= 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    short: str  # 机关代字 without 发/函
    code: str  # 9 digits: division code + serial
    kind: str  # county, department, township
    county: str
    towns: tuple[str, ...]
    subjects: tuple[str, ...]
    measures: tuple[str, ...]
    addressee: str


def _units() -> tuple[Unit, ...]:
    units: list[Unit] = []
    for county, initial, code, town_text in COUNTIES:
        towns = tuple(town_text.split())
        every = tuple(s for _, _, subjects, _ in DEPARTMENTS for s in subjects)
        general = GENERAL_MEASURES + tuple(m for *_, ms in DEPARTMENTS for m in ms)
        units.append(
            Unit(f"{county}人民政府", f"{initial}政", f"{code}000", "county", county, towns,
                 GOVERNMENT_SUBJECTS + every, general, ADDRESSEES["county"])
        )  # fmt: skip
        units.append(
            Unit(f"{county}人民政府办公室", f"{initial}政办", f"{code}001", "county", county,
                 towns, GOVERNMENT_SUBJECTS + every, general, ADDRESSEES["county"])
        )  # fmt: skip
        for n, (name, short, subjects, measures) in enumerate(DEPARTMENTS, start=2):
            units.append(
                Unit(f"{county}{name}", f"{initial}{short}", f"{code}{n:03d}", "department",
                     county, towns, subjects, measures + GENERAL_MEASURES,
                     DEPARTMENT_ADDRESSEES.get(short, ADDRESSEES["department"]))
            )  # fmt: skip
        for n, town in enumerate(towns, start=100):
            units.append(
                Unit(f"{county}{town}人民政府", f"{initial}{town[0]}政", f"{code}{n:03d}",
                     "township", county, (town,), TOWN_SUBJECTS, GENERAL_MEASURES,
                     ADDRESSEES["township"])
            )  # fmt: skip
    return tuple(units)


UNITS = _units()


class _Fill(dict):
    """format_map values: the document's own fixed, the rest drawn fresh at each use."""

    def __init__(self, rng: random.Random, unit: Unit, fixed: dict[str, str]) -> None:
        super().__init__(fixed)
        self.rng, self.unit = rng, unit

    def __missing__(self, key: str) -> str:
        r = self.rng
        if key == "N":
            return str(int(r.expovariate(1 / 60)) + 1)
        if key == "X":
            return f"{r.expovariate(1 / 300):.2f}"
        if key == "R":
            return f"{r.uniform(1, 99.9):.1f}"
        if key == "M":
            return str(r.randint(1, 12))
        if key == "D":
            return str(r.randint(1, 28))
        if key == "T":
            return r.choice(self.unit.towns)
        if key == "V":
            return r.choice(VILLAGES)
        if key == "E":
            return r.choice(self.unit.measures)
        if key == "G":
            return r.choice(GOALS)
        if key == "L":
            return r.choice(LAWS)
        if key == "name":
            return r.choice(SURNAMES) + "".join(r.choices(GIVEN, k=r.randint(1, 2)))
        if key == "tel":
            return f"0935-{r.randint(7000000, 8999999)}"
        if key == "mail":
            return "".join(r.choices("abcdefghjkmnpqrstwxyz", k=r.randint(4, 8)))
        if key == "firm":
            return self.unit.county[:2] + r.choice(VILLAGES) + r.choice(ENTERPRISES)
        if key == "cn":
            return cn_numeral(r.randint(1, 4))
        raise KeyError(key)


def _pick(r: random.Random, cumulative: tuple, items: tuple):
    return r.choices(items, cum_weights=cumulative)[0]


def documents(seed: int = 2024) -> Iterator[Doc]:
    """Endless, deterministic stream of documents; take as many as needed (itertools.islice)."""
    r = random.Random(seed)
    index_seq: dict[tuple[str, int], int] = {}
    doc_seq: dict[tuple[str, int], int] = {}
    cited: deque[tuple[str, str]] = deque(maxlen=64)  # (title, 发文字号) of recent documents
    for doc_id in itertools.count(1):
        unit = r.choice(UNITS)
        year = _pick(r, YEAR_WEIGHTS, YEARS)
        kind = _pick(r, KIND_WEIGHTS, KIND_NAMES)
        _, title_templates, intros, addressed = DOC_KINDS[kind]
        subject = r.choice(unit.subjects)
        place = unit.county if unit.kind != "township" else unit.county + unit.towns[0]
        fixed = {"U": unit.name, "S": subject, "Y": str(year), "P": place, "C": unit.county}
        fill = _Fill(r, unit, fixed)
        fill["season"] = r.choice(SEASONS)
        fill["n"] = str(r.randint(1, 30))
        title = r.choice(title_templates).format_map(fill)
        month, day = r.randint(1, 12), r.randint(1, 28)

        seq = index_seq[(unit.code, year)] = index_seq.get((unit.code, year), 0) + 1
        index_no = f"{unit.code}/{year}-{seq:05d}"
        doc_no = ""
        if kind not in ("公示", "规划") and r.random() < 0.8:
            prefix = unit.short + r.choice(DOC_NO_SUFFIXES)
            number = doc_seq[(prefix, year)] = doc_seq.get((prefix, year), 0) + 1
            doc_no = f"{prefix}〔{year}〕{number}号"

        # Fixed parts first, then numbered sections until the body reaches its target size.
        head = [unit.addressee] if addressed else []
        head.append(r.choice(intros).format_map(fill))
        if cited and r.random() < 0.3:
            old_title, old_no = r.choice(cited)
            head.append(f"根据《{old_title}》（{old_no}）精神，结合工作实际，提出以下意见。")
        if r.random() < RARE_RATE:
            head.append(r.choice(RARE_SENTENCES).format(r.choice(RARE_TERMS)))
        fill["kind"] = kind if kind in ("办法", "方案", "意见", "规划", "决定") else "通知"
        tail = [
            r.choice(CLOSINGS).format_map(fill),
            f"{unit.name}\n{year}年{month}月{day}日",
        ]
        size = sum(len(p.encode()) + 1 for p in head + tail)
        target = r.randint(MIN_BODY + 80, MAX_BODY - 300)
        sections: list[str] = []
        headings = r.sample(HEADINGS, len(HEADINGS))
        while size < target:
            n = len(sections) + 1
            parts = [f"{cn_numeral(n)}、{headings[n % len(headings)]}。"]
            parts += [s.format_map(fill) for s in r.sample(SENTENCES, r.randint(2, 5))]
            section = "".join(parts)
            grown = size + len(section.encode()) + 1
            if grown > MAX_BODY:
                break
            sections.append(section)
            size = grown
        body = "\n".join(head + sections + tail)

        if doc_no:
            cited.append((title, doc_no))
        yield Doc(
            id=doc_id,
            title=title,
            doc_no=doc_no,
            index_no=index_no,
            unit=unit.name,
            column=r.choice(COLUMNS),
            year=year,
            written_on=f"{year}-{month:02d}-{day:02d}",
            validity=r.choice(VALIDITY),
            body=body,
        )


# --------------------------------------------------------------------------- queries

# Kinds and how many of each in the mix of 200.
KINDS: dict[str, int] = {
    "word": 40,  # a 2–5 character word of the subject vocabulary: 招生, 低保, 棚户区改造
    "common": 12,  # a word most documents contain: 工作, 人民政府
    "rare": 16,  # a place name that a few documents in 500 mention (RARE_TERMS)
    "phrase": 30,  # a subject phrase as titles use it: 秋季学期义务教育招生入学
    "title": 24,  # the full title of one of the first KNOWN documents (known item)
    "doc_no": 24,  # its 发文字号, typed in one of several bracket styles (known item)
    "unit": 14,  # a unit's name: 山丹县财政局
    "year": 12,  # 2019年, alone or with a word
    "multi": 14,  # a word and a township: 低保 城关镇
    "no_hit": 14,  # words that no document contains
}
QUERY_WORDS = (
    "招生 低保 棚户区改造 学生资助 防溺水 秸秆禁烧 医保 疫苗接种 扬尘 养老保险 高标准农田 河湖长制 "
    "耕地保护 不动产登记 宅基地 特困人员 临时救助 殡葬改革 婚姻登记 春耕 动物疫病 防汛 抗旱 饮水安全 "
    "家庭医生 食品安全 特种设备 危险化学品 烟花爆竹 农村公路 治超 排污许可 文物 全民健身 异地就医 "
    "光荣牌 经济普查 林长制 以工代赈 法律援助 社区矫正 返贫 营商环境 政府采购 预算绩效 公益性岗位 "
    "农民工工资 职称评审 物业服务 供热"
).split()
COMMON_WORDS = "工作 通知 管理 安全 实施方案 人民政府 建设 服务 项目 资金 检查 群众".split()
NO_HIT_WORDS = (
    "量子通信 冰壶比赛 海底隧道 三文鱼 热带雨林 地铁线路 帆船赛事 核电站 比特币 芯片制造 珊瑚礁 "
    "火山喷发 冲浪运动 电竞比赛"
).split()
# How people type a 发文字号: {p} prefix, {y} year, {n} number; full-width digits in one.
DOC_NO_STYLES = (
    "{p}〔{y}〕{n}号", "{p}[{y}]{n}号", "{p}（{y}）{n}号", "{p}【{y}】{n}号", "{p}({y}){n}号",
    "{p}［{y}］{n}号", "{p}〔{y}〕{n}", "{p} 〔{y}〕 第{n}号", "{p}﹝{y}﹞{n}号", "{p}〖{y}〗{n}号",
)  # fmt: skip
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _interleave(groups: dict[str, list[Query]]) -> list[Query]:
    """Round-robin over the kinds, so that every prefix of the result is a stratified sample."""
    mixed: list[Query] = []
    for row in itertools.zip_longest(*groups.values()):
        mixed.extend(q for q in row if q is not None)
    return mixed


def queries(seed: int = 2024) -> list[Query]:
    """The fixed query mix for documents(seed): 200 queries, KINDS of them of each kind."""
    r = random.Random(seed + 1)
    known = list(itertools.islice(documents(seed), KNOWN))
    numbered = [d for d in known if d.doc_no]
    towns = sorted({t for u in UNITS for t in u.towns})
    subjects = sorted({s for u in UNITS for s in u.subjects})
    groups: dict[str, list[Query]] = {kind: [] for kind in KINDS}

    def add(kind: str, text: str, target: int | None = None) -> None:
        groups[kind].append(Query(text, kind, target))

    for word in r.sample(QUERY_WORDS, KINDS["word"]):
        add("word", word)
    for word in r.sample(COMMON_WORDS, KINDS["common"]):
        add("common", word)
    for term in r.sample(RARE_TERMS, KINDS["rare"]):
        add("rare", term)
    for phrase in r.sample(subjects, KINDS["phrase"]):
        add("phrase", phrase)
    for doc in r.sample(known, KINDS["title"]):
        add("title", doc.title, doc.id)
    for i, doc in enumerate(r.sample(numbered, KINDS["doc_no"])):
        prefix, rest = doc.doc_no.split("〔")
        year, number = rest.rstrip("号").split("〕")
        text = DOC_NO_STYLES[i % len(DOC_NO_STYLES)].format(p=prefix, y=year, n=number)
        if i % 7 == 6:
            text = text.translate(_FULL_WIDTH)
        add("doc_no", text, doc.id)
    for unit in r.sample(UNITS, KINDS["unit"]):
        add("unit", unit.name)
    for i in range(KINDS["year"]):
        year = r.choice(YEARS)
        add("year", f"{year}年" if i % 2 else f"{year}年 {r.choice(QUERY_WORDS)}")
    for _ in range(KINDS["multi"]):
        add("multi", f"{r.choice(QUERY_WORDS)} {r.choice(towns)}")
    for word in r.sample(NO_HIT_WORDS, KINDS["no_hit"] - 2):
        add("no_hit", word)
    add("no_hit", f"{numbered[0].doc_no.split('〔')[0]}〔2009〕999号")  # before FIRST_YEAR
    add("no_hit", f"{r.choice(QUERY_WORDS)} {r.choice(NO_HIT_WORDS)}")
    return _interleave(groups)
