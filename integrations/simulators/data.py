"""Deterministic sample data for the simulators: names, positions, questions, ids.

Everything random is drawn from a `random.Random` seeded from the simulator's seed and a
label (`rng_for(seed, "complete", interview_id)`), so a value does not depend on what
else was generated before it: the same seed gives the same data in any call order.
"""

import random
import string
from dataclasses import dataclass

# (Chinese, pinyin) pairs, so generated candidates have both a display name and an
# ASCII e-mail address.
SURNAMES = [
    ("李", "Li"), ("王", "Wang"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
    ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("周", "Zhou"), ("吴", "Wu"),
    ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"),
    ("郭", "Guo"), ("何", "He"), ("林", "Lin"), ("罗", "Luo"), ("高", "Gao"),
]  # fmt: skip
GIVEN_NAMES = [
    ("娜", "Na"), ("伟", "Wei"), ("芳", "Fang"), ("敏", "Min"), ("静", "Jing"),
    ("秀英", "Xiuying"), ("强", "Qiang"), ("磊", "Lei"), ("军", "Jun"), ("洋", "Yang"),
    ("勇", "Yong"), ("艳", "Yan"), ("杰", "Jie"), ("娟", "Juan"), ("涛", "Tao"),
    ("明", "Ming"), ("超", "Chao"), ("晓梅", "Xiaomei"), ("霞", "Xia"), ("子涵", "Zihan"),
]  # fmt: skip
ENGLISH_FIRST = [
    "Emma", "Liam", "Olivia", "Noah", "Ava", "James", "Sophia", "Lucas", "Mia", "Ethan",
    "Amelia", "Mason", "Harper", "Logan", "Ella", "Daniel", "Grace", "Samuel", "Chloe", "Owen",
]  # fmt: skip
ENGLISH_LAST = [
    "Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Moore", "Anderson",
    "Thomas", "Jackson", "White", "Harris", "Martin", "Thompson", "Garcia", "Clark",
]  # fmt: skip

# VueSim's catalogue (GET /api/v1/positions); fixed so tests can name `pos_1`.
VUESIM_POSITIONS = [
    {"id": "pos_1", "title": "Data Analyst", "locale": "en-US"},
    {"id": "pos_2", "title": "Software Engineer", "locale": "en-US"},
    {"id": "pos_3", "title": "Product Manager", "locale": "en-US"},
    {"id": "pos_4", "title": "Sales Representative", "locale": "en-US"},
    {"id": "pos_5", "title": "Customer Success Manager", "locale": "en-US"},
    {"id": "pos_6", "title": "Operations Associate (Shanghai)", "locale": "zh-CN"},
    {"id": "pos_7", "title": "Marketing Specialist", "locale": "en-GB"},
    {"id": "pos_9", "title": "Data Analyst (Graduate)", "locale": "en-US"},
]
# 面试宝's catalogue (GET /openapi/v2/position/list).
MSB_POSITIONS = [
    {"positionId": "P10", "positionName": "数据分析师"},
    {"positionId": "P11", "positionName": "Java开发工程师"},
    {"positionId": "P12", "positionName": "产品经理"},
    {"positionId": "P13", "positionName": "销售代表"},
    {"positionId": "P14", "positionName": "客户成功经理"},
    {"positionId": "P15", "positionName": "人力资源专员"},
    {"positionId": "P16", "positionName": "运营专员"},
    {"positionId": "P17", "positionName": "财务会计"},
]

# VueSim competency keys and labels (docs/vendors/README.md section 2.4); the first five
# are on every interview.
VUESIM_COMPETENCIES = [
    ("communication", "Communication"),
    ("problem_solving", "Problem Solving"),
    ("role_fit", "Role Fit"),
    ("collaboration", "Collaboration"),
    ("technical_knowledge", "Technical Knowledge"),
    ("adaptability", "Adaptability"),
    ("resilience", "Resilience"),
    ("motivation", "Motivation"),
]
# 面试宝 dimension names (dimName); the first five are on every record.
MSB_DIMENSIONS = [
    "沟通能力", "逻辑思维", "岗位匹配度", "抗压能力",
    "专业能力", "团队合作", "学习能力", "求职意愿",
]  # fmt: skip

QUESTIONS_EN = [
    "Tell us about yourself and why this role interests you.",
    "Describe a time you used data to change a decision.",
    "How do you handle conflicting priorities from two stakeholders?",
    "Walk us through a project you are proud of.",
    "Tell us about a mistake you made and what you learned.",
]
QUESTIONS_ZH = [
    "请做自我介绍",
    "请举例说明你如何用数据推动一个决策",
    "当两个上级的要求冲突时，你会怎么处理？",
    "介绍一个你最有成就感的项目",
    "说说你犯过的一个错误以及你的收获",
]
RATIONALES_EN = [
    "Clear structure",
    "Concrete examples with measurable outcomes",
    "Answers stayed general",
    "Good grasp of trade-offs",
    "Struggled to quantify impact",
    None,
]
RATIONALES_ZH = [
    "回答结构清晰",
    "举例具体，结果可量化",
    "回答较为笼统",
    "能权衡利弊",
    "难以量化自己的贡献",
    None,
]
KEYWORDS_EN = ["SQL", "A/B testing", "Python", "stakeholders", "roadmap", "Excel", "CRM", "OKRs"]
KEYWORDS_ZH = [
    "数据分析",
    "项目管理",
    "沟通协调",
    "团队合作",
    "用户增长",
    "SQL",
    "客户关系",
    "抗压",
]
EVALUATIONS_ZH = [
    "候选人表达清晰，逻辑较好，对岗位理解到位。",
    "候选人回答较为笼统，缺少具体案例。",
    "候选人专业基础扎实，沟通自然，建议进入下一轮。",
    "候选人思路清晰，但对业务场景的理解有待加强。",
]
MOBILE_PREFIXES = ["138", "139", "150", "186", "137", "158", "177", "133"]
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_NONCE_ALPHABET = string.ascii_letters + string.digits


def rng_for(seed: int, *labels: object) -> random.Random:
    """A generator for one purpose; a str seed is hashed with SHA-512, so it is stable
    across processes (unlike `hash()`)."""
    return random.Random(":".join([str(seed), *map(str, labels)]))  # noqa: S311 - test data, not secrets


@dataclass(frozen=True)
class Person:
    family: str
    given: str
    latin_family: str
    latin_given: str
    chinese: bool

    @property
    def display_name(self) -> str:
        return f"{self.family}{self.given}" if self.chinese else f"{self.given} {self.family}"

    @property
    def first_name(self) -> str:
        return self.latin_given

    @property
    def last_name(self) -> str:
        return self.latin_family

    def email(self, number: int) -> str:
        local = f"{self.latin_given}.{self.latin_family}".lower()
        return f"{local}{number}@example.com" if number else f"{local}@example.com"


def person(rng: random.Random, *, chinese: bool | None = None) -> Person:
    if chinese is None:
        chinese = rng.random() < 0.5
    if chinese:
        family, latin_family = rng.choice(SURNAMES)
        given, latin_given = rng.choice(GIVEN_NAMES)
        return Person(family, given, latin_family, latin_given, True)
    first, last = rng.choice(ENGLISH_FIRST), rng.choice(ENGLISH_LAST)
    return Person(last, first, last, first, False)


def is_chinese_name(name: str | None) -> bool:
    """A name in Chinese characters: that candidate takes the interview in Chinese."""
    return any("\u4e00" <= char <= "\u9fff" for char in name or "")


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + "".join(rng.choice(string.digits) for _ in range(8))


def mask_mobile(number: str) -> str:
    """`13812341234` -> `138****1234`, as 面试宝 returns it."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) < 7:
        return "****"
    return f"{digits[:3]}****{digits[-4:]}"


def crockford(rng: random.Random, length: int) -> str:
    # One getrandbits call instead of one choice per character: bulk loads make
    # tens of thousands of ids.
    bits = rng.getrandbits(5 * length)
    chars = []
    for _ in range(length):
        bits, digit = divmod(bits, 32)
        chars.append(CROCKFORD[digit])
    return "".join(chars)


def ulid(ms: int, rng: random.Random) -> str:
    """A ULID (48-bit time, 80 random bits) with its randomness from `rng`."""
    time_part = ""
    for _ in range(10):
        time_part = CROCKFORD[ms % 32] + time_part
        ms //= 32
    return time_part + crockford(rng, 16)


def nonce(rng: random.Random, length: int = 16) -> str:
    return "".join(rng.choices(_NONCE_ALPHABET, k=length))


def hex_token(rng: random.Random, length: int) -> str:
    return format(rng.getrandbits(4 * length), f"0{length}x")
