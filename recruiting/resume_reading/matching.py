"""How well a resume covers a job's keywords: 0-100, with what it matched and what it missed.

The job's keywords are the words of its title, description and requirements
ranked by TF-IDF: jieba segments the Chinese (with its shipped dictionary,
taught the HR and engineering terms below) and weighs each word by the
inverse document frequency table it ships, so 劳动法 or Kafka weigh more than
经验 or 负责; the boilerplate every job ad has (岗位职责, 优先, "strong
skills") is dropped. The score is the share of the keywords' weight that the
resume's text contains, plus the job's education and experience requirements
when the job states them. Everything is local: nothing is downloaded.
"""

import logging
import re
import threading
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

MAX_KEYWORDS = 15
# Parts of speech kept as keywords: nouns, names of things, verbal nouns, idioms of
# the trade (数据分析 is "l") and Latin words; not verbs, adjectives or places.
KEYWORD_POS = frozenset({"n", "nz", "nt", "nw", "vn", "l", "j", "eng"})

# Terms jieba's general dictionary splits ("校园招聘" -> 校园 / 招聘) that a job ad
# means as one skill.
DOMAIN_TERMS = (
    "校园招聘",
    "社会招聘",
    "雇主品牌",
    "员工关系",
    "绩效管理",
    "薪酬福利",
    "劳动合同",
    "人才盘点",
    "组织发展",
    "简历筛选",
    "数据分析",
    "数据挖掘",
    "机器学习",
    "深度学习",
    "大数据",
    "微服务",
    "高并发",
    "后端开发",
    "前端开发",
    "用户增长",
    "产品设计",
    "项目管理",
    "财务分析",
    "成本核算",
)
# Skills of more than one Latin word, kept whole.
PHRASES = (
    "Power BI",
    "A/B testing",
    "machine learning",
    "deep learning",
    "data analysis",
    "project management",
    "product management",
    "user research",
    "Google Analytics",
    "Spring Boot",
    "React Native",
    "unit testing",
)
# What every job ad says and no resume is judged by.
BOILERPLATE = frozenset(
    [
        "岗位职责",
        "任职要求",
        "职位描述",
        "岗位要求",
        "工作职责",
        "职位要求",
        "任职资格",
        "以上学历",
        "学历",
        "本科",
        "硕士",
        "博士",
        "大专",
        "经验",
        "能力",
        "团队",
        "公司",
        "负责",
        "熟悉",
        "优先",
        "相关",
        "专业",
        "工作",
        "良好",
        "精神",
        "合作",
        "沟通",
        "具备",
        "较强",
        "要求",
        "以上",
        "能够",
        "具有",
        "了解",
        "掌握",
        "熟练",
        "参与",
        "完成",
        "进行",
        "业务",
        "岗位",
        "职位",
        "候选人",
        "薪资",
        "福利",
        "待遇",
        "发展",
        "机会",
        "平台",
        "员工",
        "责任心",
        "学习",
        "技术",
        "系统",
        "服务",
        "强者",
        "者",
        "年",
        "相关专业",
        "计算机相关",
        "沟通能力",
        "团队合作",
        "抗压",
        "积极",
        "主动",
        "工程师",
        "经理",
        "专员",
        "高级",
        "资深",
        "初级",
        "senior",
        "junior",
        "lead",
        "we",
        "are",
        "you",
        "our",
        "your",
        "the",
        "and",
        "for",
        "with",
        "of",
        "in",
        "on",
        "to",
        "or",
        "is",
        "be",
        "a",
        "an",
        "as",
        "at",
        "by",
        "this",
        "that",
        "will",
        "who",
        "looking",
        "strong",
        "skills",
        "skill",
        "experience",
        "experienced",
        "years",
        "year",
        "work",
        "working",
        "team",
        "ability",
        "good",
        "excellent",
        "knowledge",
        "plus",
        "preferred",
        "required",
        "requirements",
        "responsibilities",
        "including",
        "degree",
        "bachelor",
        "master",
        "job",
        "role",
        "candidate",
        "candidates",
        "must",
        "have",
        "has",
        "using",
        "use",
        "etc",
        "own",
        "owns",
        "build",
        "builds",
        "building",
        "design",
        "designing",
        "develop",
        "developing",
        "drive",
        "drives",
        "support",
        "help",
        "manage",
        "managing",
        "create",
        "work",
        "closely",
        "across",
        "within",
        "about",
        "from",
        "into",
        "over",
        "per",
        "all",
        "any",
        "can",
        "may",
        "more",
        "most",
        "other",
        "some",
        "such",
        "than",
        "then",
        "there",
        "these",
        "those",
        "they",
        "them",
        "what",
        "when",
        "where",
        "which",
        "while",
        "how",
        "also",
        "well",
        "new",
        "business",
        "company",
        "plus",
        "bonus",
        "nice",
        "ideal",
        "ideally",
    ]
)
ASCII_WORD = re.compile(r"^[\x00-\x7f]+$")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.+#/][A-Za-z0-9]+)*[+#]*")

_jieba_lock = threading.Lock()
_segmenter: Any = None


@dataclass(frozen=True)
class Keyword:
    text: str
    weight: float


@dataclass(frozen=True)
class MatchResult:
    score: Decimal  # 0-100, one decimal
    matched: list[str]
    missing: list[str]
    method: str = "tfidf-keywords"


def job_keywords(text: str, *, limit: int = MAX_KEYWORDS) -> list[Keyword]:
    """The job text's keywords, heaviest first (TF x IDF)."""
    counts: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    rest = text
    for phrase in PHRASES:
        pattern = re.compile(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", re.IGNORECASE)
        found = len(pattern.findall(rest))
        if found:
            counts[phrase.lower()] += found
            spelled.setdefault(phrase.lower(), phrase)
            rest = pattern.sub(" ", rest)
    # Latin words whole, as written (e-commerce, Node.js, C++, C#); jieba would split them.
    for word in LATIN_WORD.findall(rest):
        word = word.rstrip(".")
        key = word.lower()
        if len(word) >= 2 and key not in BOILERPLATE:
            counts[key] += 1
            spelled.setdefault(key, word)
    for word, flag in _segment(LATIN_WORD.sub(" ", rest)):
        word = word.strip()
        key = word.lower()
        if flag not in KEYWORD_POS or len(word) < 2 or key in BOILERPLATE:
            continue
        counts[key] += 1
        spelled.setdefault(key, word)
    total = sum(counts.values()) or 1
    idf, median = _idf()
    weighted = [
        Keyword(spelled[key], count / total * idf.get(spelled[key], median))
        for key, count in counts.items()
    ]
    weighted.sort(key=lambda keyword: (-keyword.weight, keyword.text.lower()))
    return weighted[:limit]


def resume_match(
    *,
    resume_text: str,
    job_text: str,
    requirements: list[tuple[str, bool]] | None = None,
) -> MatchResult | None:
    """The resume's coverage of the job's keywords; None when the job text has none.

    `requirements`: the job's stated requirements (education, experience) as
    (label, met) pairs, each weighing as much as its heaviest keyword.
    """
    keywords = job_keywords(job_text)
    if not keywords:
        return None
    haystack = resume_text
    matched: list[str] = []
    missing: list[str] = []
    got = 0.0
    total = 0.0
    for keyword in keywords:
        total += keyword.weight
        if _contains(haystack, keyword.text):
            got += keyword.weight
            matched.append(keyword.text)
        else:
            missing.append(keyword.text)
    heaviest = keywords[0].weight
    for label, met in requirements or []:
        total += heaviest
        if met:
            got += heaviest
            matched.append(label)
        else:
            missing.append(label)
    score = Decimal(100 * got / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return MatchResult(score=score, matched=matched, missing=missing)


def _contains(text: str, keyword: str) -> bool:
    if not ASCII_WORD.match(keyword):
        return keyword.lower() in text.lower()
    # Latin words whole ("Go" is not in "good"); short ones in their own case ("Go", "R").
    flags = re.IGNORECASE if len(keyword) > 2 else 0
    return bool(re.search(rf"(?<![A-Za-z0-9]){re.escape(keyword)}(?![A-Za-z0-9+#])", text, flags))


def _segment(text: str) -> list[tuple[str, str]]:
    return [(pair.word, pair.flag) for pair in _posseg().cut(text)]


def _idf() -> tuple[dict[str, float], float]:
    """jieba's shipped IDF table and its median (for words it does not list)."""
    from jieba.analyse import default_tfidf  # see _posseg

    return default_tfidf.idf_freq, default_tfidf.median_idf


def _posseg() -> Any:
    """jieba's part-of-speech segmenter with the domain terms, built once per process
    (about a second: it loads the dictionary), on a tokenizer of our own so the terms
    never leak into anyone else's use of jieba.

    jieba is imported here, not at the top: importing it loads its dictionaries (two
    seconds), which every web process, command and test run would pay for a module only
    the worker's resume reading uses."""
    import jieba
    import jieba.posseg

    global _segmenter
    with _jieba_lock:
        if _segmenter is None:
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            for term in DOMAIN_TERMS:
                tokenizer.add_word(term, freq=20000, tag="n")
            _segmenter = jieba.posseg.POSTokenizer(tokenizer)
        return _segmenter
