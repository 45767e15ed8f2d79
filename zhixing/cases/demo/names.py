"""Name pools for demo data: people and organisations that read like a Hebei court's docket.

Faker's zh_CN pool is too small (ARCHITECTURE "known traps"): a search test over thousands of parties
would find the same few hundred names again and again. Names here are composed from characters:
a surname drawn by its frequency, then one or two given-name characters from pools of several hundred,
leaning on the sex and on the decade of birth as Chinese names do.
"""

from __future__ import annotations

import random

# Surnames with their approximate share of the population in percent (national figures of the 2020
# census, nudged towards the north: 黄, 林, 罗 and the southern names are rarer in Hebei). The tail of
# less common surnames shares the remainder evenly.
_SURNAMES_WEIGHTED = (
    "王7.6 李7.4 张7.2 刘5.8 陈3.6 杨3.1 赵2.9 黄1.3 周1.3 吴1.2 徐1.1 孙1.5 胡1.0 朱0.9 高1.3 林0.6 "
    "何0.7 郭1.2 马1.3 罗0.5 梁0.8 宋0.8 郑0.6 谢0.4 韩0.8 唐0.4 冯0.6 于0.8 董0.8 萧0.1 程0.5 曹0.6 "
    "袁0.4 邓0.4 许0.5 傅0.3 沈0.3 曾0.3 彭0.4 吕0.5 苏0.4 卢0.4 蒋0.3 蔡0.3 贾0.6 丁0.4 魏0.6 薛0.3 "
    "叶0.2 阎0.3 余0.2 潘0.3 杜0.4 戴0.2 夏0.2 钟0.2 汪0.2 田0.6 任0.5 姜0.4 范0.3 方0.2 石0.4 姚0.3 "
    "谭0.2 廖0.1 邹0.1 熊0.1 金0.2 陆0.2 郝0.4 孔0.2 白0.4 崔0.5 康0.3 毛0.2 邱0.1 秦0.2 江0.1 史0.3 "
    "顾0.1 侯0.4 邵0.2 孟0.4 龙0.1 万0.1 段0.3 雷0.1 钱0.1 汤0.1 尹0.2 黎0.1 易0.1 常0.3 武0.4 乔0.2 "
    "贺0.2 赖0.1 龚0.1 文0.1 庞0.2 樊0.2 兰0.1 殷0.1 施0.1 陶0.1 洪0.1 翟0.2 安0.2 颜0.1 倪0.1 严0.1 "
    "牛0.3 温0.2 芦0.1 季0.1 俞0.1 章0.1 鲁0.1 葛0.1 伍0.1 韦0.1 申0.2 尤0.1 毕0.1 聂0.1 焦0.2 齐0.2 "
    "邢0.2 付0.3 闫0.3 耿0.2 霍0.2 甄0.1 宁0.1 左0.1 祁0.1 路0.1 尚0.1 苗0.1 臧0.1 谷0.1 靳0.1"
)
_SURNAMES_TAIL = (
    "卜 卞 边 柴 单 刁 窦 鄂 房 封 冀 姬 纪 鞠 阚 寇 蔺 栗 梁丘 娄 栾 麻 米 穆 欧阳 庞 裴 戚 仇 瞿 冉 "
    "阮 桑 商 佘 司马 司 宿 隋 谈 檀 滕 佟 仝 屠 万俟 危 卫 魏 闻 邬 奚 郗 席 夏侯 鲜 冼 相 项 辛 信 "
    "邢 修 胥 宣 荀 鄢 晏 燕 羊 阳 仰 尧 伊 蔺 殷 银 尹 应 雍 尤 游 於 虞 郁 喻 元 苑 岳 云 昝 臧 "
    "查 詹 湛 展 战 仉 占 甄 支 智 钟离 仲 诸葛 竺 祝 庄 卓 宗 邹 祖 左丘 亢 逯 苟 冷 练 廉 蔚 那"
).split()


def _parse_weighted(text: str) -> tuple[list[str], list[float]]:
    names, weights = [], []
    for token in text.split():
        name = token.rstrip("0123456789.")
        w = float(token[len(name) :])
        if w > 0 and name not in names:
            names.append(name)
            weights.append(w)
    return names, weights


_HEAD, _HEAD_W = _parse_weighted(_SURNAMES_WEIGHTED)
_TAIL = [s for s in dict.fromkeys(_SURNAMES_TAIL) if s not in _HEAD]
SURNAMES = _HEAD + _TAIL
SURNAME_WEIGHTS = _HEAD_W + [max(0.0, 100.0 - sum(_HEAD_W)) / len(_TAIL)] * len(_TAIL)

# Given-name characters. Each pool is large on purpose; "old" and "young" characters lean on the decade
# of birth (a 建国 born in 1995 or a 梓涵 born in 1958 would look wrong to a clerk).
_MALE = (
    "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳峰亮成东海文志永新庆春立宏兵光晨"
    "博洋昊然睿泽航铭哲瑞锐毅彬翔坤振远恒嘉天家金玉顺福贵树德生学忠胜利长荣卫民江山武义仁勤力彪松"
    "柏岩石钢铁川河源涌波洪涛森栋梁楠桐榕楷槐彦朝晖煜炜烨焕炳灿耀辰宸晟昌盛兴旺隆达通广宽厚坚刚"
    "威雄豪杰雷霆震鸣启发祥瑞吉安康泰和平正清明亮磊鑫"
)
_FEMALE = (
    "芳娜敏静丽艳娟霞秀英玲桂兰萍红燕梅琳雪婷慧莉颖洁倩悦欣怡晶丹媛蕾薇琪璐瑶雨萱涵诗梦彤月蓉晓淑"
    "凤珍琴云霏霖露霜岚菲芬芝芸苗茜荷莲菊蓓蕊蕙莺燕鹃鸽雯雅静娴婉婧姣娇妍姝姗娅妮娣嫣嫦妙姿"
    "巧倩俏佩佳伶仙春香花翠艳彩美慧惠馨欣宁安如意贞洁素清澄滢漪润泽沁沛洋湘潇潆澜涵淼萌蒙蔚蓝青"
)
_NEUTRAL = "文明华子一天佳嘉晓小思雨宇晨阳海金玉立新永春秋冬君若"
# Characters of a decade, by sex: names of the 1950s–60s (建国, 淑芬) and of the 1990s on (浩宇, 梓涵).
_OLD = {
    "M": "建国庆军卫东方志福贵保振德荣华明海永胜利忠长树根全喜财才",
    "F": "淑秀桂凤玉兰英珍芬翠荣华春秋素琴",
}
_YOUNG = {"M": "子梓浩宇轩睿泽铭嘉逸俊晨昊奕锦沐辰宸", "F": "子梓涵萱欣怡诗雨梦语汐瑾瑜朵彤琪琳悦可依"}


def _pool(sex: str, birth_year: int) -> str:
    base = _MALE if sex == "M" else _FEMALE
    if birth_year < 1975:
        return base + _OLD[sex] * 3 + _NEUTRAL
    if birth_year >= 1990:
        return base + _YOUNG[sex] * 3 + _NEUTRAL
    return base + _NEUTRAL


def person_name(rng: random.Random, sex: str, birth_year: int) -> str:
    """A full name: surname by frequency, then one (a quarter of names) or two given characters."""
    surname = rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
    if rng.random() < 0.25 and len(surname) == 1:
        # One-character given names come from the plain pools: a lone 子 or 一 is not a name.
        return surname + rng.choice(_MALE if sex == "M" else _FEMALE)
    pool = _pool(sex, birth_year)
    first = rng.choice(pool)
    if rng.random() < 0.03:
        return surname + first + first  # reduplicated names (婷婷, 磊磊) are common enough to show
    second = rng.choice(pool)
    while second == first:
        second = rng.choice(pool)
    return surname + first + second


# --- Organisations ---------------------------------------------------------------------------

# Places a Hebei company is registered under (county-level first: most debtors are small local firms).
PLACES = (
    "河北 石家庄 保定 雄安 雄县 容城 安新 涿州 定州 正定 藁城 栾城 鹿泉 辛集 晋州 新乐 高碑店 徐水 满城 "
    "清苑 定兴 高阳 唐山 廊坊 沧州 衡水 邢台 邯郸 张家口 承德 任丘 霸州 三河 白沟"
).split()
# 字号: the trade name. Half come from this list of names real firms like to use, half are composed
# from two auspicious characters, so the pool does not run dry at a few thousand cases.
TRADE_NAMES = (
    "华信 鑫源 恒通 宏达 盛世 金泰 永安 瑞丰 德润 中昊 博远 润德 汇川 嘉禾 天诚 众鑫 福瑞 兴业 隆盛 正和 "
    "凯达 安泰 晟达 万通 鼎盛 荣华 佳和 信达 海川 恒远 立信 新宇 卓越 金鼎 祥和 宏图 远大 东方 冀中 燕赵 "
    "太行 白洋淀 易水 拒马 荣盛 华夏 中冀 诚信 鸿运 聚源 同创 合力 通达 顺昌 富康 旭日 腾飞 志诚"
).split()
_TRADE_CHARS = (
    "华鑫恒宏盛金泰永安瑞丰德润昊博远汇嘉禾诚众福兴隆正凯晟通鼎荣佳信海新卓祥图腾旭顺昌富康聚创合力达"
)
INDUSTRIES = (
    "建筑工程 房地产开发 商贸 建材 物流 机械制造 食品 农业科技 网络科技 装饰工程 汽车销售 医药 纺织 "
    "塑料制品 化工 钢铁贸易 电子科技 环保科技 物业服务 餐饮管理 劳务派遣 市政工程 箱包 服装 家具 印刷 "
    "教育咨询 文化传媒 供应链管理 新能源科技 混凝土 园林绿化 金属制品 电气设备 建设 实业 投资 商砼"
).split()
FORMS = ("有限公司",) * 12 + ("有限责任公司",) * 3 + ("股份有限公司", "集团有限公司")

BANKS = (
    "中国工商银行股份有限公司",
    "中国农业银行股份有限公司",
    "中国银行股份有限公司",
    "中国建设银行股份有限公司",
    "交通银行股份有限公司",
    "中国邮政储蓄银行股份有限公司",
    "河北银行股份有限公司",
    "保定银行股份有限公司",
    "兴业银行股份有限公司",
    "中信银行股份有限公司",
    "招商银行股份有限公司",
)
_BRANCHES = {
    "石家庄": "长安 桥西 裕华 新华 正定 藁城 鹿泉 栾城".split(),
    "保定": "竞秀 莲池 涿州 定州 高碑店 徐水 满城".split(),
    "雄安": "雄县 容城 安新 容东 启动区".split(),
}

# Agencies that apply to enforce their penalty decisions (非诉执行), with the short form their
# decision numbers carry (容市监罚〔2025〕12号).
AGENCIES = {
    "市场监督管理局": "市监",
    "自然资源和规划局": "自然资规",
    "人力资源和社会保障局": "人社",
    "应急管理局": "应急",
    "住房和城乡建设局": "住建",
    "生态环境分局": "环",
    "综合行政执法局": "综执",
}


def company_name(rng: random.Random) -> str:
    """place + trade name + industry + legal form, e.g. 保定恒通建筑工程有限公司."""
    place = rng.choice(PLACES)
    if rng.random() < 0.5:
        trade = rng.choice(TRADE_NAMES)
    else:
        trade = "".join(rng.sample(_TRADE_CHARS, 2))
    return f"{place}{trade}{rng.choice(INDUSTRIES)}{rng.choice(FORMS)}"


def bank_name(rng: random.Random, city: str) -> str:
    """A bank branch of the court's city, e.g. 中国农业银行股份有限公司保定竞秀支行."""
    branch = rng.choice(_BRANCHES.get(city, _BRANCHES["石家庄"]))
    return f"{rng.choice(BANKS)}{city}{branch}支行"


def agency_name(rng: random.Random, county: str) -> str:
    return f"{county}{rng.choice(list(AGENCIES))}"


def agency_short(name: str) -> str:
    """The short form of an agency's name used in its decision numbers."""
    return next((short for full, short in AGENCIES.items() if name.endswith(full)), "")
