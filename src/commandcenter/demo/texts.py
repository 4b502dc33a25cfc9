"""Plausible Chinese case texts for the demo: problem descriptions per taxonomy category, addresses
near 商都路办事处 (郑东新区), handling notes and the reasons behind rejections, reworks,
escalations, extensions, shelving and supervision.

Everything draws from the `random.Random` it is given, never the global state, so a seed gives
the same texts. The seeder calls these up to a million times, so templates are compiled once at
import into tuples of literal strings and choice tables; a call is one `rng.choice` per slot and a
`str.join` (a few microseconds), with no regex or formatting at call time.

Template syntax (compiled at import only): ``{place}`` is the caller's location phrase,
``{3-40}`` a whole number in that range, ``{500-5000/100}`` one in steps of 100, any other
``{name}`` a word drawn from the slot table `_SLOTS`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

__all__ = [
    "DEFAULT_ROADS",
    "address",
    "describe",
    "escalation_reason",
    "extension_reason",
    "handling_note",
    "reject_reason",
    "rework_reason",
    "shelve_reason",
    "supervision_note",
]

# Real roads in 郑东新区 around 商都路办事处. 祭城路 is left out on purpose: it was renamed
# 平安大道 in 2015, and listing both would put one road in the data twice.
DEFAULT_ROADS: tuple[str, ...] = (
    "商都路",
    "七里河南路",
    "未来路",
    "中州大道",
    "东风南路",
    "金光路",
    "聚源路",
    "永平路",
    "康平路",
    "郑汴路",
    "农业东路",
    "龙湖外环路",
    "心怡路",
    "平安大道",
)

# Residential compounds and villages for addresses. 东瑞园, 五州汇富, 南岗 and 白佛 appear in the
# seed reports about 商都路办事处; the rest are invented but named the way 郑东新区 compounds are.
_COMPOUNDS = (
    "东瑞园小区",
    "五州汇富小区",
    "南岗安置区",
    "白佛新苑",
    "商都嘉园",
    "聚源花园",
    "金光佳苑",
    "永平家园",
    "七里河小区",
    "康平苑",
    "东风花园",
    "未来城小区",
    "中州佳苑",
    "龙湖人家",
    "心怡家园",
)
_VILLAGES = ("南岗村", "白佛村", "五州村", "东赵村", "西周村")

_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林郑梁宋许韩冯曹田董袁于杜程苏魏吕丁任姚"
    "崔范贾付白孟闫段侯史郝武常牛申靳岳乔翟樊"
)

# Words for the slots of the templates below. Keep phrases short: the descriptions should read
# like something typed on a phone during a patrol.
_SLOTS: dict[str, tuple[str, ...]] = {
    "time": (
        "早上6点左右",
        "清晨",
        "上午",
        "中午",
        "下午",
        "傍晚",
        "晚上8点后",
        "夜间",
        "凌晨",
        "周末",
        "每天晚上",
        "近几天",
    ),
    "day": ("下周一", "本周五", "近日", "月底前", "节后"),
    "side": ("北侧", "南侧", "东侧", "西侧", "门前", "附近", "路边"),
    "who": tuple(s + suffix for s in _SURNAMES for suffix in ("某", "某某", "某某")),
    "quarter": ("一", "二", "三", "四"),
    # Satellite patch numbers like WX2026-0417: the year of the survey, then a serial.
    "wxid": tuple(f"WX{y}-{i:04d}" for y in (2025, 2026) for i in range(1, 2000)),
    "mu": tuple(f"{i / 10:.1f}" for i in range(3, 121)),
    # --- 三非, 安全生产
    "workshop": (
        "食品包装袋加工点",
        "塑料颗粒加工作坊",
        "家具喷漆作坊",
        "豆芽生产窝点",
        "废旧电瓶拆解点",
        "小型印刷作坊",
        "散装白酒勾兑点",
        "小型电镀作坊",
        "油炸食品加工点",
        "翻新轮胎作坊",
        "服装加工小作坊",
        "废塑料分拣点",
    ),
    "nuisance": (
        "夜间机器噪音扰民",
        "气味刺鼻",
        "污水直排下水道",
        "存在消防隐患",
        "周边居民多次反映",
        "粉尘较大",
    ),
    "equip": ("注塑机", "切割机", "冲床", "烘干机", "搅拌机", "缝纫机"),
    "shop_illegal": (
        "小诊所",
        "网吧",
        "小旅馆",
        "棋牌室",
        "成品油销售点",
        "烟花爆竹销售点",
        "液化气充装点",
        "小餐馆",
        "托管班",
        "二手电动车交易点",
        "废品收购站",
    ),
    "goods_illegal": (
        "散装汽油",
        "瓶装液化气",
        "烟花爆竹",
        "过期食品",
        "假冒名酒",
        "三无保健品",
        "来源不明的香烟",
        "劣质电动车电池",
    ),
    "risk": (
        "存在安全隐患",
        "群众多次投诉",
        "消防通道被占用",
        "从业人员无健康证",
        "卫生条件较差",
    ),
    "structure": (
        "彩钢板房",
        "砖混结构房屋",
        "二层阁楼",
        "临时仓库",
        "活动板房",
        "钢架大棚",
    ),
    "site": (
        "在建工地",
        "小餐馆",
        "地下车库",
        "商场",
        "出租房",
        "农贸市场",
        "小作坊",
        "仓库",
        "幼儿园",
        "沿街门面",
    ),
    "hazard": (
        "消防通道被杂物堵塞",
        "灭火器过期失效",
        "液化气瓶无防护摆放",
        "私拉电线用于取暖",
        "易燃物品大量堆放",
        "安全出口被锁闭",
    ),
    "petition": (
        "安置房交付延期",
        "工程款拖欠",
        "农民工工资拖欠",
        "物业费上涨",
        "房产证迟迟未办理",
        "小区配套学校未建成",
        "征地补偿款分配",
        "车位产权",
    ),
    "org_issue": (
        "开放时间不规范，群众办事找不到人",
        "三务公开栏内容长期未更新",
        "被挪作他用",
        "便民服务窗口无人值守",
        "工作台账记录不全",
    ),
    "cadre": ("村干部", "社区工作人员", "村组长", "网格员"),
    "matter": ("低保评定", "安置房分配", "集体资产出租", "困难救助", "拆迁补偿"),
    "asset": ("厂房", "门面房", "土地", "停车场"),
    # --- 城市提升
    "goods": (
        "水果",
        "蔬菜",
        "烧烤",
        "煎饼果子",
        "炒凉粉",
        "服装",
        "手机配件",
        "玩具",
        "糖葫芦",
        "烤红薯",
        "鲜花",
        "西瓜",
        "小吃",
    ),
    "shop": (
        "水果店",
        "超市",
        "五金店",
        "家具店",
        "电动车行",
        "建材店",
        "餐馆",
        "服装店",
        "烟酒店",
        "汽修店",
        "便利店",
    ),
    "sign_problem": (
        "破损严重，有坠落风险",
        "未经审批擅自设置",
        "字体残缺，灯箱不亮",
        "超出建筑立面，与规划不符",
        "固定螺丝锈蚀松动",
    ),
    "vehicle": ("小轿车", "面包车", "货车", "三轮车", "共享单车", "电动车"),
    "facility": (
        "路灯",
        "窨井盖",
        "人行道地砖",
        "公交站牌",
        "道路护栏",
        "消防栓",
        "健身器材",
        "交通标志牌",
        "垃圾箱",
        "路名牌",
        "雨水篦子",
        "休闲座椅",
    ),
    "damage": ("存在安全隐患", "影响群众使用", "已有行人绊倒", "需尽快修复", "已持续多日"),
    "wire": ("通信线缆", "网线", "电线", "有线电视线"),
    "mess": (
        "门前垃圾未清扫",
        "污水泼洒路面",
        "杂物乱堆",
        "绿化带内烟头纸屑较多",
        "落叶杂物未清扫",
    ),
    "corner": (
        "楼道拐角处",
        "楼后排水沟",
        "车棚角落",
        "地下室入口",
        "围墙边",
        "单元门口",
        "配电房后面",
    ),
    "smell": ("异味明显", "蚊蝇滋生", "长期无人清理", "居民意见较大"),
    "junk": ("废纸箱", "旧自行车", "花盆", "装修垃圾", "旧家电", "旧沙发"),
    "garbage": ("生活垃圾", "建筑垃圾", "装修垃圾", "废旧家具", "园林垃圾", "废旧轮胎"),
    "shed": ("彩钢棚", "遮阳棚", "简易房", "铁皮屋", "阳光房", "雨棚"),
    "restaurant": (
        "烧烤店",
        "火锅店",
        "炒菜馆",
        "烩面馆",
        "胡辣汤店",
        "小吃店",
        "羊肉汤馆",
    ),
    "damager": ("车辆碾压", "人为踩踏", "私自开垦种菜", "堆放建材占压"),
    # --- 社情信息
    "civil": (
        "下水道堵塞",
        "单元门门禁损坏",
        "电梯经常故障",
        "没有电动车充电桩",
        "楼道灯不亮",
        "暖气不热",
        "附近缺少公共厕所",
        "小区门口没有公交站",
        "自来水发黄",
    ),
    "civil_old": ("外墙脱落", "路面坑洼", "没有路灯", "雨污管网堵塞", "屋面漏雨"),
    "paperwork": ("医保缴费", "居住证", "老年证", "养老资格认证", "新生儿落户", "高龄补贴"),
    "dispute": (
        "楼上漏水",
        "装修噪音",
        "占用楼道",
        "停车位",
        "宠物扰民",
        "空调外机噪音",
        "相邻通道",
        "宅基地边界",
    ),
    "poor_reason": (
        "因病丧失劳动能力",
        "配偶去世独自抚养孩子",
        "患尿毒症长期透析",
        "下岗后无固定收入",
        "家中有重病患者",
    ),
    "elder_need": (
        "需要送餐服务",
        "家中无人照看",
        "需协助就医",
        "希望安装紧急呼叫设备",
        "需要上门理发助浴",
    ),
    "illness": ("高血压", "糖尿病", "老年痴呆", "脑梗后遗症", "冠心病"),
    "disability": (
        "肢体残疾人",
        "视力残疾人",
        "智力残疾人",
        "精神残疾人",
        "听力残疾人",
    ),
    "disabled_need": (
        "需办理残疾证",
        "申请轮椅等辅具",
        "希望得到就业帮扶",
        "家庭生活困难",
        "需要康复训练",
    ),
    "suspicious": ("在小区内徘徊", "撬电动车锁", "查看车窗", "尾随居民进单元门"),
    # --- 卫星图斑
    "landuse": ("硬化地面", "建筑物", "推填土", "堆料场", "临时建筑", "停车场"),
    "landuse_new": ("建设厂房", "建设停车场", "堆放建材", "建设养殖棚"),
    "changed": ("被硬化", "建有彩钢房", "被围挡圈占", "堆满建材"),
    "bldg_type": ("厂房", "仓库", "民房", "彩钢棚"),
    "wx_result": ("合法用地", "临时用地", "设施农用地", "违法用地，已整改"),
    # --- notes and reasons
    "neighbour": (
        "东风南路办事处",
        "博学路办事处",
        "金光路办事处",
        "祥云办事处",
        "管城区",
        "经开区",
    ),
    "pending_dept": ("规划部门", "国土部门", "住建部门", "市政部门", "供电公司", "法院"),
    "rework_item": (
        "杂物堆放",
        "垃圾残留",
        "摊点反弹",
        "违停车辆",
        "小广告",
        "私拉电线",
        "建材堆放",
    ),
}

# Who writes a case first: a patrol note, a citizen call, an inspector. The empty strings keep
# most descriptions starting with the place, as grid members write them.
_LEADS: dict[str, tuple[str, ...]] = {
    "TZ": ("",) * 6 + ("巡查发现", "网格员巡查发现", "群众反映", "市民来电反映", "督查发现"),
    "CS": ("",) * 6 + ("巡查发现", "网格员巡查发现", "群众反映", "市民来电反映", "督查发现"),
    "SQ": ("",) * 6 + ("走访发现", "入户走访了解到", "社区反映", "网格员走访发现"),
}

_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    # ---------------------------------------------------------------- 台账信息
    "TZ01": (
        "{place}一处民房内有人私设{workshop}，无营业执照，{nuisance}",
        "{place}地下车库内发现{workshop}，现场有工人{3-12}名，未见任何证照",
        "群众反映{place}有{workshop}{time}偷偷生产，{nuisance}",
        "{place}闲置厂房内有{workshop}，约{100-600/10}平方米，疑似无证生产",
        "{place}院内堆放大量原材料，疑似{workshop}，未见环评及营业手续",
        "{place}彩钢房内有{workshop}，使用{equip}{2-8}台，{nuisance}",
        "网格员入户走访发现{place}出租屋被改作{workshop}，房东{who}称不知情",
    ),
    "TZ02": (
        "{place}有一家{shop_illegal}无证经营，未办理营业执照，{risk}",
        "{place}有人私自销售{goods_illegal}，无任何经营资质",
        "群众举报{place}一处门面{time}从事{shop_illegal}经营，无证照",
        "{place}{shop_illegal}营业执照已过期{2-18}个月仍继续营业",
        "{place}有{shop_illegal}超范围经营，{risk}",
        "{place}有车辆在路边销售{goods_illegal}，约{2-10}箱，来源不明",
        "{place}一处民房内开设{shop_illegal}，未办理任何手续，{risk}",
    ),
    "TZ03": (
        "{place}有人正在搭建{structure}，约{10-120}平方米，未见规划手续",
        "{place}顶楼有住户私自加盖{structure}，已完成框架，约{15-60}平方米",
        "{place}一楼住户破墙开门并向外扩建约{5-30}平方米，未经审批",
        "{place}空地上{time}突击抢建{structure}，现场有工人{3-15}名",
        "{place}村民{who}在宅基地上违规加盖第{3-5}层，未办理建设手续",
        "{place}有人圈占集体土地建设{structure}，约{100-800/10}平方米，仍在施工",
        "{place}小区绿地内有业主私自搭建{structure}，约{6-40}平方米",
    ),
    "TZ04": (
        "{place}一处{site}存在{hazard}问题，需立即整改",
        "{place}一处{site}{hazard}，存在较大安全隐患",
        "{place}施工工地有工人未佩戴安全帽高空作业，约{3-10}人",
        "{place}有居民{time}在楼道内给电动车充电，已发现{2-8}辆",
        "{place}一家{site}使用液化气瓶{2-12}个，部分已超过检验期限",
        "{place}基坑边缘堆土过高，未设置防护栏杆，雨后有坍塌风险",
        "{place}一处{site}安全出口被锁闭，疏散指示灯损坏",
    ),
    "TZ05": (
        "{place}有{5-30}名群众因{petition}问题聚集，情绪较激动，需及时化解",
        "{place}居民{who}多次反映{petition}问题未解决，扬言要到市里上访",
        "{place}{20-80/10}余户业主联名反映{petition}问题，要求街道协调",
        "{place}某建筑工地拖欠{10-40}名农民工工资约{10-90}万元，工人在工地门口讨薪",
        "{place}拆迁户{who}对安置方案不满，近期多次到办事处反映",
        "网格员走访获悉{place}部分群众拟于{day}集体上访，反映{petition}问题",
    ),
    "TZ06": (
        "位于{place}的社区党群服务中心{org_issue}",
        "群众反映{place}所属村组财务公开不及时，{1-3}个季度账目未公示",
        "{place}所在网格的网格员{who}长期不履职，{2-6}个月上报问题为零",
        "位于{place}的村委会换届后{2-5}个月仍未完成工作交接",
        "{place}所属党支部{2-6}个月未按规定召开组织生活会",
        "位于{place}的社区便民服务站{time}无人值守，群众办事多次跑空",
    ),
    "TZ07": (
        "{place}小区物业撤场后无人管理，垃圾无人清运，路灯不亮",
        "{place}有{5-20}只流浪犬聚集，夜间吠叫，居民出行受影响",
        "{place}有人饲养大型犬未拴绳，已发生{1-3}起咬伤事件",
        "{place}有人私自在公共绿地内种菜约{20-200/10}平方米",
        "{place}小区二次供水水箱{2-6}个月未清洗，居民反映水质发黄",
        "{place}小区{2-6}部电梯年检过期仍在运行",
        "{place}有人在公共区域饲养家禽约{5-30}只，气味难闻",
    ),
    "TZ08": (
        "{place}拆迁范围内{who}拒不签订补偿协议，影响项目进度",
        "{place}征收项目尚有{2-15}户未签约，需网格长逐户做工作",
        "{place}已拆迁区域有人抢栽树苗、抢建房屋，企图多获补偿",
        "{place}拆迁后遗留建筑垃圾约{200-2000/50}立方米未清运，扬尘严重",
        "{place}安置户{who}反映过渡费{2-8}个月未发放",
        "{place}征地范围内{3-12}座坟墓尚未迁移，需协调家属",
        "{place}拆迁现场未设置围挡，残垣断壁存在坍塌隐患",
    ),
    "TZ09": (
        "群众反映{place}所属村的{cadre}在{matter}中优亲厚友",
        "位于{place}的社区工作人员{who}办事推诿，群众多次跑腿未办成",
        "有群众反映{place}村集体{asset}出租收入未公开，疑有截留",
        "{place}有{cadre}工作日中午饮酒，被群众拍照反映",
        "群众来信反映{place}所属村的{cadre}{who}利用职务之便承揽工程",
        "督查发现{place}一带有{2-5}名网格员上班时间脱岗，作风不实",
    ),
    # ---------------------------------------------------------------- 城市提升
    "CS01": (
        "{place}有流动摊贩占道经营{goods}，影响行人通行",
        "{place}{time}有{3-15}个摊点占道摆卖{goods}，道路拥堵",
        "{place}人行道上有三轮车摆摊卖{goods}，约{2-8}辆",
        "{place}夜市摊点占用机动车道，约{5-30}个摊位，噪音扰民",
        "{place}早市占道经营，{goods}摊位摆至非机动车道，影响交通",
        "群众反映{place}有人{time}占道烧烤，油烟大、垃圾多",
        "{place}有{2-6}个摊贩在公交站台附近占道叫卖{goods}",
    ),
    "CS02": (
        "{place}{shop}将商品摆放至店外，占用人行道约{5-30}平方米",
        "{place}{shop}在门前支桌摆凳经营，约{3-12}张桌子",
        "{place}{shop}在店外修车、洗车，油污污染路面",
        "{place}{shop}门前堆放货物，{time}卸货占道",
        "{place}有{2-6}家商户出店经营，店前人行道被占满",
        "{place}{shop}在店外搭设遮阳棚摆放商品，约{5-20}平方米",
    ),
    "CS03": (
        "{place}{shop}门头招牌{sign_problem}",
        "{place}楼顶有大型广告牌{1-3}块，锈蚀严重，大风天存在安全隐患",
        "{place}路边电线杆、墙面张贴小广告约{10-80}处",
        "{place}有商户在人行道上摆放落地广告牌{2-6}块",
        "{place}围墙上有{2-8}条过期宣传横幅未清除",
        "{place}{2-5}家商户门头招牌大小不一、颜色杂乱，未按统一标准设置",
        "{place}有人在行道树上悬挂广告条幅，约{10-30}米",
    ),
    "CS04": (
        "{place}有{2-12}辆{vehicle}占用人行道停放，行人只能走机动车道",
        "{place}消防通道被{2-6}辆私家车占用，长期停放",
        "{place}有一辆{vehicle}停放超过{3-30}天，疑似僵尸车",
        "{place}盲道上停满{vehicle}，约{10-40}辆",
        "{place}大货车{time}占道停车卸货，造成交通拥堵",
        "{place}路口车辆乱停乱放，公交车无法进站",
    ),
    "CS05": (
        "{place}{facility}损坏，{damage}",
        "{place}窨井盖缺失，仅用树枝遮挡，夜间存在安全隐患",
        "{place}人行道地砖松动破损约{5-40}平方米，雨天积水",
        "{place}路灯{2-10}盏夜间不亮，已持续{3-15}天",
        "{place}小区健身器材{1-4}件损坏，老人使用有危险",
        "{place}道路隔离护栏被撞倒约{5-30}米，尚未修复",
        "{place}{facility}被撞歪，{damage}",
    ),
    "CS06": (
        "{place}有住户从楼上私拉电线给电动车充电，电线横跨人行道",
        "{place}线缆杂乱，{wire}垂落至离地约1米处",
        "{place}商户私拉电线至路边照明，存在触电隐患",
        "{place}楼道内飞线{3-12}处，绝缘层老化破损",
        "{place}墙面上{wire}缠绕杂乱，约{10-50}米，影响市容",
        "{place}{wire}断落在地，无人处理",
        "{place}有人私拉电线搭接在树上，约{5-20}米",
    ),
    "CS07": (
        "{place}{shop}门前三包责任不落实，{mess}",
        "{place}有{3-10}家沿街门面未签订门前三包责任书",
        "{place}{shop}在门前倾倒污水，路面油污明显",
        "{place}沿街商户{mess}，影响市容",
        "{place}{shop}将垃圾堆放在门口绿化带内，约{2-8}袋",
        "{place}{shop}门前{mess}，店主称不归其管",
    ),
    "CS08": (
        "{place}楼院{corner}堆积杂物，{smell}",
        "{place}{corner}有废旧家具{2-10}件堆放，无人清理",
        "{place}楼道内堆放{junk}，影响通行",
        "{place}化粪池满溢，污水流到楼院内",
        "{place}小区{corner}有积水发臭，已持续{3-20}天",
        "{place}楼顶平台堆放{junk}，约{1-5}立方米",
    ),
    "CS09": (
        "{place}有约{1-10}立方米{garbage}乱堆乱放，无人清运",
        "{place}垃圾桶满溢，周边散落垃圾约{10-50}平方米",
        "{place}空地上被倾倒{garbage}约{3-30}吨",
        "{place}{time}有车辆偷倒{garbage}，现场堆积约{5-40}立方米",
        "{place}河道边堆放{garbage}，影响水体环境",
        "{place}垃圾中转点{1-3}天未清运，{smell}",
    ),
    "CS10": (
        "{place}有商户在门前搭建{shed}，约{5-40}平方米",
        "{place}一楼住户在院内私搭{shed}，占用公共空间",
        "{place}绿化带内有人搭建{shed}用于堆放杂物",
        "{place}楼顶新搭建{shed}约{10-60}平方米，已完成主体",
        "{place}有人依托围墙搭建{shed}经营{goods}",
        "{place}{time}有人正在搭建{shed}，现场有工人{2-6}名",
    ),
    "CS11": (
        "{place}有渣土车{time}沿路撒漏，路面污染约{50-500/10}米",
        "{place}工地出口未设置冲洗设施，车辆带泥上路",
        "{place}有{2-8}辆渣土车未覆盖篷布，沿途撒漏",
        "{place}路面有大量泥土，疑似{time}渣土车撒漏，扬尘严重",
        "{place}工地渣土未覆盖防尘网，约{200-3000/100}平方米",
        "{place}有渣土车超载行驶，撒漏严重",
    ),
    "CS12": (
        "{place}{restaurant}油烟直排，未安装净化设施，楼上居民投诉",
        "{place}{restaurant}排烟管道{time}冒黑烟，异味严重",
        "{place}{restaurant}油烟净化器长期不开，居民无法开窗",
        "{place}有{2-5}家餐饮店集中排放油烟，周边居民意见大",
        "{place}{restaurant}排烟口正对居民窗户，距离不足{2-5}米",
        "{place}{restaurant}{time}在店外露天烧烤，油烟扰民",
    ),
    "CS13": (
        "{place}绿化带因{damager}受损，约{5-60}平方米",
        "{place}行道树{1-6}棵被折断，尚未补植",
        "{place}有人私自砍伐树木{1-5}棵",
        "{place}绿地被开挖用于停车，约{20-200/10}平方米",
        "{place}绿篱枯死约{10-80}米，需补植",
        "{place}施工单位破坏绿地后未恢复，约{20-150/10}平方米",
    ),
    # ---------------------------------------------------------------- 社情信息
    "SQ01": (
        "{place}居民反映小区{civil}，希望尽快解决",
        "{place}小区停水已{1-3}天，居民生活受影响",
        "{place}电梯故障停运{2-10}天，高层老人出行困难",
        "{place}{20-200/10}余户居民反映冬季暖气温度不达标",
        "{place}居民咨询{paperwork}办理流程，需社区上门指导",
        "{place}老旧小区{civil_old}，居民要求纳入改造",
        "{place}居民{who}反映{civil}，已找物业{2-5}次未解决",
    ),
    "SQ02": (
        "{place}住户{who}因{dispute}问题与邻居发生争执，需社区调解",
        "{place}{who}与邻居{who}因{dispute}多次争吵，矛盾有激化苗头",
        "{place}楼上住户漏水导致楼下天花板受损约{2-15}平方米，双方协商未果",
        "{place}两户居民因{dispute}问题发生肢体冲突，已报警",
        "{place}租户与房东因押金{500-5000/100}元发生纠纷",
        "{place}{who}家养狗{time}吠叫，邻居多次反映无果",
    ),
    "SQ03": (
        "{place}居民{who}，{50-78}岁，{poor_reason}，申请低保",
        "{place}低保户{who}家庭收入情况有变化，需入户复核",
        "{place}{who}一家{3-5}口人，{poor_reason}，生活困难，需核实低保条件",
        "{place}低保户{who}反映本月低保金未到账",
        "{place}有群众反映{who}家有车有房仍享受低保，需核查",
        "{place}居民{who}咨询低保申请材料，需网格员上门指导",
    ),
    "SQ04": (
        "{place}独居老人{who}，{70-95}岁，子女在外地，需定期走访照料",
        "{place}空巢老人{who}，{70-92}岁，行动不便，{elder_need}",
        "{place}{who}老两口均已{75-90}岁，子女长期在外务工，生活照料困难",
        "{place}独居老人{who}{2-5}天未出门，邻居担心，需上门查看",
        "{place}空巢老人{who}患{illness}，需社区结对帮扶",
        "{place}{who}，{75-94}岁，独居，冬季取暖存在隐患，需上门检查",
    ),
    "SQ05": (
        "{place}{disability}{who}，{18-70}岁，{disabled_need}",
        "{place}残疾人{who}反映单元门口台阶无坡道，出行不便",
        "{place}{who}家有{1-2}名残疾人，家庭无固定收入，需帮扶",
        "{place}精神残疾人{who}近期情绪不稳定，监护人年老，需关注",
        "{place}残疾人{who}两项补贴申请材料已递交{1-3}个月未批复",
        "{place}{who}因车祸致残，需协助办理残疾评定",
    ),
    "SQ06": (
        "{place}{time}有可疑人员{suspicious}，居民担心",
        "{place}监控探头损坏{2-8}个，存在治安盲区",
        "{place}出租屋内人员进出频繁，疑似从事传销活动",
        "{place}小区门禁损坏，外来人员随意进出，近期发生{2-5}起电动车被盗",
        "{place}有{3-10}名青少年{time}聚集滋事，居民反映",
        "{place}出租屋租住人员未登记，疑似群租，约{8-20}人",
    ),
    # ---------------------------------------------------------------- 卫星图斑核查
    "WX01": (
        "卫星监测图斑{wxid}显示{place}新增{landuse}，面积约{mu}亩，需实地核查",
        "图斑{wxid}：{place}耕地被占用，疑似{landuse_new}，面积约{mu}亩",
        "第{quarter}季度卫星图斑{wxid}位于{place}，现状为{landuse}，需核实用地手续",
        "卫星图斑{wxid}所示{place}地块原为耕地，现已{changed}",
        "核查图斑{wxid}：{place}存在未批先用土地情况，约{200-5000/100}平方米",
        "{place}卫星图斑{wxid}变化区域面积{mu}亩，需网格员现场拍照核实",
    ),
    "WX02": (
        "卫星监测图斑{wxid}显示{place}新增建筑{1-6}处，约{100-2000/50}平方米，需核实规划手续",
        "图斑{wxid}：{place}新建{structure}，未见建设工程规划许可证",
        "{place}卫星图斑{wxid}显示原有建筑加层扩建，面积约{100-800/10}平方米",
        "卫星图斑{wxid}位于{place}，现状为在建{structure}，需核查",
        "核查图斑{wxid}：{place}新增{bldg_type}{1-3}栋，疑似违法建设",
        "第{quarter}季度图斑{wxid}反映{place}有违法建设，面积约{mu}亩",
    ),
}

# For a category added to an edited taxonomy: by code prefix, then anything.
_GENERIC_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "TZ": (
        "{place}发现问题线索，现场已拍照取证，需核实处理",
        "群众反映{place}存在违规行为，需网格长现场核实",
        "{place}巡查中发现隐患，已告知当事人，需相关部门跟进",
    ),
    "CS": (
        "{place}市容环境问题，影响周边群众出行",
        "{place}存在影响市容的问题，已拍照上报",
        "{place}{time}发现城市管理问题，需尽快处置",
    ),
    "SQ": (
        "{place}居民{who}反映困难，需社区上门了解情况",
        "{place}群众诉求，需网格员入户核实",
        "{place}居民{who}来电求助，需跟进回访",
    ),
    "WX": (
        "卫星监测图斑{wxid}位于{place}，需实地核查",
        "图斑{wxid}：{place}地块现状发生变化，需核实",
        "{place}卫星图斑{wxid}待核查，面积约{mu}亩",
    ),
    "": (
        "{place}发现问题，现场已拍照，需相关部门处理",
        "群众反映{place}存在问题，需网格员现场核实",
        "{place}{time}巡查发现问题，已上报网格中心",
    ),
}

# --------------------------------------------------------------------- handling notes
_HANDLING: dict[str, tuple[str, ...]] = {
    "TZ01": (
        "已联合市场监管、环保部门对作坊进行查封，扣押生产设备{2-8}台",
        "已责令停止生产，生产设备已拆除，现场复查无反弹",
        "已会同综合执法中心联合执法，取缔非法生产点{1-3}处",
        "已约谈房东{who}，作坊已搬离，出租屋恢复居住用途",
    ),
    "TZ02": (
        "已联合市场监管所依法取缔，当事人已停止经营",
        "已督促经营者补办营业执照，现已办理完毕",
        "已暂扣违规销售物品{2-20}件，经营者签订承诺书",
        "已将线索移交市场监管局，该店已关门停业",
    ),
    "TZ03": (
        "已下达停工通知书，联合城管执法中队拆除违法建筑约{10-120}平方米",
        "当事人已自行拆除，现场已恢复原貌，附拆除后照片",
        "已组织强制拆除，清运建筑垃圾{2-20}车",
        "已责令停工并拍照存档，违法建筑已于{3-7}日内拆除完毕",
    ),
    "TZ04": (
        "已督促整改，清理消防通道杂物，更换灭火器{2-10}具",
        "已下达隐患整改通知书，现场隐患已消除",
        "已联合安监、消防部门检查，责令停业整改，现已复查合格",
        "已清理楼道内充电电动车{2-8}辆，张贴禁止充电告示",
    ),
    "TZ05": (
        "已约见当事人面对面沟通，诉求已答复，当事人签字认可",
        "已协调施工方兑付拖欠工资{10-90}万元，工人已散去",
        "已召开协调会，相关部门现场答复，群众情绪稳定",
        "已落实包案领导，稳控到位，未发生越级上访",
    ),
    "TZ06": (
        "已约谈社区主要负责人，督促整改并提交整改报告",
        "三务公开栏已更新，整改情况已报街道党工委",
        "已调整网格员{1-2}名，相关人员作出书面检查",
    ),
    "TZ07": (
        "已协调相关单位处理，问题已解决，现场核查合格",
        "已联系物业公司整改，{1-5}日内完成",
        "已组织人员现场处置，现场恢复正常",
    ),
    "TZ08": (
        "已入户做工作{2-6}次，当事人已签订补偿协议",
        "已清运建筑垃圾约{200-2000/50}立方米，裸土已覆盖防尘网",
        "已协调相关部门发放过渡费，当事人表示满意",
    ),
    "TZ09": (
        "已将问题线索移交街道纪工委调查核实",
        "经调查核实，相关人员已作出书面检查，处理意见已报纪工委",
        "已约谈相关人员，责令整改，并在社区公示处理结果",
    ),
    "CS01": (
        "已联合城管执法中队清理占道摊点{2-12}处，现场恢复通行",
        "已劝离流动摊贩{2-10}名，引导至便民疏导点经营",
        "已暂扣经营工具{1-5}件，现场已清理",
        "已安排网格员在该点位定时巡查，摊点未反弹",
    ),
    "CS02": (
        "已督促商户将商品收回店内，现场已规范",
        "已对{2-6}家商户下达整改通知，出店经营已清理",
        "已约谈店主并签订门前三包责任书，现场整洁",
    ),
    "CS03": (
        "已拆除违规广告牌{1-6}块",
        "已督促商户更换破损门头，现已规范设置",
        "已清除小广告约{10-80}处，墙面已粉刷",
        "已拆除过期横幅{2-8}条",
    ),
    "CS04": (
        "已联系交警中队，违停车辆已驶离",
        "已张贴违停告知单{2-12}张，车主已挪车",
        "已设置隔离桩{5-30}个，防止车辆驶入人行道",
        "僵尸车已由交警拖移处理",
    ),
    "CS05": (
        "已联系市政养护单位修复，附修复后照片",
        "已更换窨井盖{1-3}个",
        "已修复路灯{2-10}盏，夜间照明恢复正常",
        "已重新铺设地砖约{5-40}平方米",
    ),
    "CS06": (
        "已联系通信运营商规整线缆约{10-80}米",
        "已拆除私拉电线{2-10}处，张贴安全用电告示",
        "已协调供电部门处理，线缆已入管",
    ),
    "CS07": (
        "已督促商户落实门前三包，现场整洁",
        "已与{3-10}家商户签订门前三包责任书",
        "已约谈店主，门前污水和杂物已清理",
    ),
    "CS08": (
        "已组织清理楼院卫生死角，清运杂物{1-6}车",
        "已联系物业公司定期保洁，现场已清理干净",
        "已协调环卫部门清掏化粪池，楼院恢复整洁",
    ),
    "CS09": (
        "已清运垃圾约{2-20}车，现场无残留",
        "已协调环卫部门清运，增设垃圾桶{2-6}个",
        "已清运完毕并安装监控{1-2}处，防止偷倒",
    ),
    "CS10": (
        "已拆除违章搭建约{5-60}平方米，附拆除后照片",
        "当事人已自行拆除，现场已清理",
        "已下达限期拆除通知书，现已拆除完毕",
    ),
    "CS11": (
        "已组织清扫路面约{50-500/10}米，对渣土车依法处罚",
        "已督促工地设置冲洗平台，车辆冲洗后出场",
        "已联合城管执法查扣违规渣土车{1-4}辆，路面已清扫",
    ),
    "CS12": (
        "已督促商户安装油烟净化设施，现已正常使用",
        "已联合环保部门检查，责令整改，现已达标排放",
        "已调整排烟口朝向并加装净化器，居民表示认可",
    ),
    "CS13": (
        "已补植绿化约{5-60}平方米",
        "已补种行道树{1-6}棵",
        "已责令施工单位恢复绿地，现已补植完成",
    ),
    "SQ01": (
        "已协调相关单位处理，诉求已办理并回访，群众满意",
        "已联系物业公司维修，{1-3}日内恢复",
        "已上门指导办理，当事人表示满意",
    ),
    "SQ02": (
        "已组织双方调解，达成一致并签字",
        "经社区调解员{2-4}次调解，双方已和解",
        "已邀请人民调解员现场调解，签订调解协议",
    ),
    "SQ03": (
        "已入户核实家庭收入情况，按程序提交低保申请",
        "已入户复核，材料已上报区民政部门",
        "经核查不符合低保条件，已向当事人解释说明",
    ),
    "SQ04": (
        "已落实结对帮扶志愿者{1-3}名，每周走访{1-3}次",
        "已上门走访，为老人安装紧急呼叫设备",
        "已联系养老服务中心提供助餐服务",
    ),
    "SQ05": (
        "已协助办理残疾证，落实两项补贴",
        "已联系残联为其配发轮椅",
        "已上门走访，落实帮扶措施并回访",
    ),
    "SQ06": (
        "已联系社区民警处理，隐患已排除并备案",
        "已修复监控探头{2-8}个，加强夜间巡逻",
        "已对出租屋人员进行登记，公安分局已备案",
    ),
    "WX01": (
        "已现场核查，图斑为{wx_result}，核查结果已上报",
        "已拍照取证，违法占地已复耕，核查结果已上报",
        "已联合国土所现场核实，当事人已停止施工",
    ),
    "WX02": (
        "已现场核查，违法建设已依法拆除，核查结果已上报",
        "已拍照取证并移交规划部门处理",
        "经核实该建筑手续齐全，图斑已申请销号",
    ),
}

_GENERIC_HANDLING = (
    "已组织人员现场处置，问题已解决",
    "已按要求整改完毕，附整改后照片",
    "已协调相关部门处理完毕，现场核查合格",
    "网格长已到场处置，当事人已整改",
)

# --------------------------------------------------------------------- escalation
# Per category: what the problem is and who above the street may act on it (the street office has
# no enforcement power of its own, which is why these cases go up).
_ESCALATION_SUBJECT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "TZ01": (("非法生产", "无证生产"), ("区市场监管局", "区环保局", "区综合执法中心")),
    "TZ02": (("无证经营", "非法经营"), ("区市场监管局", "区综合执法中心")),
    "TZ03": (("违法建设", "未批先建"), ("区规划局", "区城管执法局")),
    "TZ04": (("安全生产隐患", "重大安全隐患"), ("区安监局", "区消防大队")),
    "TZ05": (("群体性诉求", "历史遗留信访问题"), ("区信访办", "区住建部门")),
    "TZ06": (("基层组织建设问题",), ("区委组织部",)),
    "TZ07": (("公共管理问题",), ("区相关职能部门", "区城市管理部门")),
    "TZ08": (("征地补偿", "征收安置"), ("区国土资源局", "区征收办")),
    "TZ09": (("干部违纪问题",), ("区纪委监委",)),
    "CS01": (("占道经营反复",), ("区城管执法局",)),
    "CS02": (("商户出店经营",), ("区城管执法局",)),
    "CS03": (("违规户外广告",), ("区城管执法局",)),
    "CS04": (("违法停车",), ("公安分局交警大队",)),
    "CS05": (("市政设施损坏",), ("区建设局", "区市政养护单位")),
    "CS06": (("线缆乱拉", "架空线缆"), ("供电公司", "通信运营商")),
    "CS07": (("门前三包不落实",), ("区城管执法局",)),
    "CS08": (("楼院环境问题",), ("区住建部门",)),
    "CS09": (("垃圾偷倒",), ("区环卫部门", "区城管执法局")),
    "CS10": (("违章搭建",), ("区城管执法局",)),
    "CS11": (("渣土撒漏",), ("区城管执法局", "公安分局交警大队")),
    "CS12": (("餐饮油烟",), ("区环保局",)),
    "CS13": (("毁坏绿化",), ("区园林部门",)),
    "SQ01": (("民生诉求",), ("区相关职能部门",)),
    "SQ02": (("矛盾纠纷",), ("区司法局", "辖区派出所")),
    "SQ03": (("低保审批",), ("区民政局",)),
    "SQ04": (("养老服务保障",), ("区民政局",)),
    "SQ05": (("残疾人帮扶",), ("区残联",)),
    "SQ06": (("治安隐患",), ("公安分局",)),
    "WX01": (("违法用地",), ("区国土部门", "区国土资源局")),
    "WX02": (("违法建设",), ("区规划局", "区城管执法局")),
}
_ESCALATION_TEMPLATES = (
    "涉及{subject}，需{dept}处理，超出街道职权",
    "{subject}问题街道无执法权，需提请{dept}依法处置",
    "经多次协调未能解决，{subject}需上报区级平台，由{dept}牵头处理",
    "当事人拒不整改，需{dept}依法强制执行",
    "{subject}涉及多个部门，需区级统筹协调，建议由{dept}牵头",
    "街道已{2-5}次督促无果，{subject}需{dept}介入",
)
_GENERIC_ESCALATION = (
    "超出街道职权，需区级职能部门处理",
    "涉及多个部门，需区级平台统筹协调",
    "当事人拒不整改，街道无执法权，需上报区里",
)

# --------------------------------------------------------------------- other reasons
_REWORK = (
    "现场复查仍有{rework_item}，整改不到位",
    "整改后照片与现场不符，请重新处置",
    "复查发现问题反弹，需重新处置",
    "违章搭建仅拆除一部分，需彻底拆除",
    "现场仍有垃圾残留，未清理干净",
    "未上传整改后照片，无法核实",
    "群众回访不满意，需重新处理",
    "油烟净化设施已安装但未正常使用",
    "现场复查{rework_item}仍未清理，请{1-3}日内整改到位",
    "整改只做了表面文章，{rework_item}转移到附近继续存在",
)
_REJECT = (
    "经核实不属于本辖区",
    "经核实位置属{neighbour}辖区，已告知上报人",
    "重复上报，已有案件在办",
    "现场核实问题不存在",
    "描述不清，无法定位，请补充位置后重新上报",
    "照片与描述不符",
    "属于私人民事纠纷，建议通过司法途径解决",
    "已由其他渠道办结，无需重复立案",
    "不属于网格化管理受理范围",
    "上报信息不全，缺少现场照片",
)
_EXTENSION = (
    "涉及多个部门协调，申请延长{3-10}个工作日",
    "当事人外出，暂时无法联系，申请延期",
    "等待{pending_dept}出具意见，申请延期{3-10}个工作日",
    "需待天气好转后施工修复，申请延期",
    "需走采购程序，申请延期{5-15}个工作日",
    "工程量较大，需分批处置，申请延长{3-7}个工作日",
    "当事人已承诺自行整改，给予{3-7}天整改期",
)
_SHELVE = (
    "历史遗留问题，需待片区改造统一解决",
    "涉及产权纠纷，已进入司法程序",
    "资金未落实，暂缓处置",
    "已纳入明年老旧小区改造计划",
    "当事人已失联，暂时无法处置",
    "需待{pending_dept}出台政策后处理",
    "项目规划未定，暂缓拆除",
)
_SUPERVISION = (
    "案件已超期，请责任网格长尽快处置",
    "该案件已超期{1-10}个工作日，请于{1-3}日内办结并反馈",
    "督查发现问题反弹，请立即整改",
    "黄灯预警，请抓紧处置，按期办结",
    "本周督查通报点名，限期{1-3}日整改到位",
    "案件超时未处置，已提级督办，请网格长说明原因",
    "请责任单位加快处置进度，及时上传整改照片",
)

# --------------------------------------------------------------------- addresses
_ADDRESS_SLOTS: dict[str, tuple[str, ...]] = {
    "district": ("郑东新区", "", "", ""),
    "corner4": ("东北角", "东南角", "西北角", "西南角", ""),
    "compound": _COMPOUNDS,
    "village": _VILLAGES,
    "bside": ("北侧", "南侧", "东侧", "西侧", "楼下", "门口", "后面"),
    "poi": ("门前", "附近", "东侧", "西侧", "路边", "对面"),
    "dir": ("向东", "向西", "向南", "向北"),
    "roadside": ("路北", "路南", "路东", "路西"),
    "spot": ("公交站台", "地铁站口", "农贸市场门口", "加油站旁", "桥下", "绿化带"),
    "group": ("一组", "二组", "三组", "四组", "五组", "六组"),
}
_ADDRESS_SINGLE = (
    # Formats needing one road; {road} is the road, picked by the caller's list.
    "{district}{road}{1-399}号",
    "{district}{road}{1-399}号",
    "{road}{1-399}号{poi}",
    "{road}{spot}",
    "{compound}{1-28}号楼{1-6}单元",
    "{compound}{1-28}号楼{bside}",
    "{compound}{1-28}号楼{1-6}单元",
    "{compound}东门",
    "{village}{group}",
)
_ADDRESS_CROSS = (
    # Formats with an intersection; {road2} differs from {road}.
    "{road}与{road2}交叉口{corner4}",
    "{road}与{road2}交叉口{corner4}",
    "{road}与{road2}交叉口{dir}{50-300/10}米{roadside}",
)

# ===================================================================== compilation
_SLOT_RE = re.compile(r"\{([^{}]+)\}")
_RANGE_RE = re.compile(r"(\d+)-(\d+)(?:/(\d+))?")
_Part = str | tuple[str, ...] | None | int  # literal | choices | the place | road index
_Compiled = tuple[_Part, ...]
_ranges: dict[str, tuple[str, ...]] = {}


def _compile(
    template: str, slots: dict[str, tuple[str, ...]], lead: tuple[str, ...] = ()
) -> _Compiled:
    """A template as a tuple of literal strings, choice tables, None for the place and ints for
    road slots (0 = road, 1 = road2). Unknown slot names fail at import, not in the seeder."""
    parts: list[_Part] = []
    if lead and template.startswith("{place}"):
        parts.append(lead)
    for i, piece in enumerate(_SLOT_RE.split(template)):
        if i % 2 == 0:
            if piece:
                parts.append(piece)
        elif piece == "place":
            parts.append(None)
        elif piece in ("road", "road2"):
            parts.append(0 if piece == "road" else 1)
        elif piece in slots:
            parts.append(slots[piece])
        else:
            match = _RANGE_RE.fullmatch(piece)
            if match is None:
                raise KeyError(f"unknown slot {{{piece}}} in template {template!r}")
            if piece not in _ranges:
                lo, hi, step = int(match[1]), int(match[2]), int(match[3] or 1)
                _ranges[piece] = tuple(str(n) for n in range(lo, hi + 1, step))
            parts.append(_ranges[piece])
    # Merge neighbouring literals so a call appends fewer pieces.
    merged: list[_Part] = []
    for part in parts:
        if merged and isinstance(part, str) and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + part
        else:
            merged.append(part)
    return tuple(merged)


def _compile_all(
    templates: Sequence[str], lead: tuple[str, ...] = (), slots: dict | None = None
) -> tuple[_Compiled, ...]:
    return tuple(_compile(t, slots if slots is not None else _SLOTS, lead) for t in templates)


def _lead_for(code: str) -> tuple[str, ...]:
    return _LEADS.get(code[:2], ())


_C_DESCRIBE = {code: _compile_all(ts, _lead_for(code)) for code, ts in _DESCRIPTIONS.items()}
_C_GENERIC_DESCRIBE = {
    prefix: _compile_all(ts, _lead_for(prefix)) for prefix, ts in _GENERIC_DESCRIPTIONS.items()
}
_C_HANDLING = {code: _compile_all(ts) for code, ts in _HANDLING.items()}
_C_GENERIC_HANDLING = _compile_all(_GENERIC_HANDLING)
_C_ESCALATION: dict[str, tuple[_Compiled, ...]] = {
    code: _compile_all(_ESCALATION_TEMPLATES, slots={**_SLOTS, "subject": subj, "dept": dept})
    for code, (subj, dept) in _ESCALATION_SUBJECT.items()
}
_C_GENERIC_ESCALATION = _compile_all(_GENERIC_ESCALATION)
_C_REWORK = _compile_all(_REWORK)
_C_REJECT = _compile_all(_REJECT)
_C_EXTENSION = _compile_all(_EXTENSION)
_C_SHELVE = _compile_all(_SHELVE)
_C_SUPERVISION = _compile_all(_SUPERVISION)
_C_ADDRESS_SINGLE = _compile_all(_ADDRESS_SINGLE, slots=_ADDRESS_SLOTS)
_C_ADDRESS_CROSS = _compile_all(_ADDRESS_CROSS, slots=_ADDRESS_SLOTS)
# Share of intersection addresses: street problems are mostly reported by a crossing.
_CROSS_SHARE = 0.35


def _render(parts: _Compiled, rng: random.Random, place: str = "") -> str:
    choice = rng.choice
    return "".join(
        [
            p if p.__class__ is str else place if p is None else choice(p)  # type: ignore[arg-type]
            for p in parts
        ]
    )


def _pick(table: tuple[_Compiled, ...], rng: random.Random, place: str = "") -> str:
    return _render(rng.choice(table), rng, place)


# ===================================================================== public API


def describe(category_code: str, rng: random.Random, place: str) -> str:
    """A problem description as a grid member or citizen would write it, for `category_code`
    (a leaf of the taxonomy). `place` is put where a location belongs, usually first. An unknown
    code (a category added to an edited taxonomy) gets a generic text for its code prefix."""
    table = _C_DESCRIBE.get(category_code)
    if table is None:
        table = _C_GENERIC_DESCRIBE.get(category_code[:2], _C_GENERIC_DESCRIBE[""])
    return _pick(table, rng, place)


def address(rng: random.Random, roads: Sequence[str] | None = None) -> str:
    """A street address or location phrase: "郑东新区商都路118号", "七里河南路与金光路交叉口西南角",
    "东瑞园小区12号楼3单元". `roads` replaces `DEFAULT_ROADS` (one road disables crossings)."""
    if not roads:
        roads = DEFAULT_ROADS
    n = len(roads)
    if n >= 2 and rng.random() < _CROSS_SHARE:
        parts = rng.choice(_C_ADDRESS_CROSS)
        # Two different roads without rejection sampling: draw j from the n-1 others.
        i = rng.randrange(n)
        j = rng.randrange(n - 1)
        pair = (roads[i], roads[j + 1 if j >= i else j])
    else:
        parts = rng.choice(_C_ADDRESS_SINGLE)
        pair = (rng.choice(roads), "")
    choice = rng.choice
    return "".join(
        [
            p if p.__class__ is str else pair[p] if p.__class__ is int else choice(p)  # type: ignore[arg-type]
            for p in parts
        ]
    )


def handling_note(category_code: str, rng: random.Random) -> str:
    """What the handler reports when done: "已联合城管执法中队清理占道摊点3处，现场恢复通行"."""
    return _pick(_C_HANDLING.get(category_code, _C_GENERIC_HANDLING), rng)


def escalation_reason(category_code: str, rng: random.Random) -> str:
    """Why a case goes above the street: "涉及违法用地，需区国土部门处理，超出街道职权"."""
    return _pick(_C_ESCALATION.get(category_code, _C_GENERIC_ESCALATION), rng)


def rework_reason(rng: random.Random) -> str:
    """Why an inspector sends a handled case back: "现场复查仍有杂物堆放，整改不到位"."""
    return _pick(_C_REWORK, rng)


def reject_reason(rng: random.Random) -> str:
    """Why a report is not filed: "经核实不属于本辖区", duplicates, nothing found on site."""
    return _pick(_C_REJECT, rng)


def extension_reason(rng: random.Random) -> str:
    """Why a handler asks for more time."""
    return _pick(_C_EXTENSION, rng)


def shelve_reason(rng: random.Random) -> str:
    """Why a case is shelved (挂账) instead of solved now."""
    return _pick(_C_SHELVE, rng)


def supervision_note(rng: random.Random) -> str:
    """A supervision (督办) note on an overdue or relapsed case."""
    return _pick(_C_SUPERVISION, rng)
