"""Fields read from a resume's text by rules over the layouts Chinese and English resumes use.

No library reads Chinese resumes offline (the parsers on PyPI are English-only
spaCy pipelines that fetch models, or call a hosted LLM), so these are rules:
a resume is headed lines (工作经历 / Experience, 教育背景 / Education ...), the
header above the first heading holds the contact line (现居 / Location, 工作经验
N 年), and each job or school is a line with a date range (2018.07-至今,
Mar 2022 - Present) next to the company, title, school, major and degree.

What comes out is a suggestion for HR to confirm, never written over what the
candidate typed (recruiting.resume_reading.services).
"""

import re
from dataclasses import dataclass, field
from datetime import date

from recruiting.resume_reading.cities import CITIES

CJK = re.compile(r"[\u4e00-\u9fff]")

# Section headings, matched against a whole short line (punctuation stripped).
WORK_HEADINGS = re.compile(
    r"^(工作经历|工作经验|职业经历|工作履历|实习经历|实习经验|(professional |work )?experience"
    r"|employment( history)?|work history|internships?)$",
    re.IGNORECASE,
)
EDUCATION_HEADINGS = re.compile(r"^(教育背景|教育经历|学习经历|education( background)?)$", re.I)
OTHER_HEADINGS = re.compile(
    r"^(项目经历|项目经验|专业技能|技能特长|技能证书|技能|证书|个人优势|自我评价|个人评价|求职意向"
    r"|获奖经历|荣誉奖项|校园经历|语言能力|skills|technical skills|projects|summary|profile"
    r"|certifications?|awards|languages|interests|publications)$",
    re.IGNORECASE,
)

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = (
    rf"(?:(?:{_MONTH_NAMES})\.?\s+(?:19|20)\d{{2}}"
    r"|(?:19|20)\d{2}(?:\s*[./\-年]\s*\d{1,2}\s*月?)?)"
)
_PRESENT = r"至今|今|现在|目前|present|current|now|today"
DATE_RANGE = re.compile(
    rf"(?P<start>{_DATE})\s*(?:-|\u2013|\u2014|~|\uff5e|至|to)\s*(?P<end>{_DATE}|{_PRESENT})",
    re.IGNORECASE,
)
ONE_DATE = re.compile(_DATE, re.IGNORECASE)
YEAR = re.compile(r"(?:19|20)\d{2}")

STATED_YEARS = (
    re.compile(r"(?:工作经验|工作年限|从业年限|工龄)\s*[:：]?\s*(\d{1,2})\s*年"),
    re.compile(r"(?<!\d)(\d{1,2})\s*年(?:以上)?[^\n，。,;；|]{0,12}?经验"),
    re.compile(r"(?<!\d)(\d{1,2})\+?\s*(?:years?|yrs?)\b[^.\n]{0,30}?\bexperience", re.IGNORECASE),
)
CITY_LABEL = re.compile(
    r"(?:现居(?:住地|地址|城市|地)?|所在(?:城市|地区|地)|居住(?:地|城市)|目前所在地|现住址|"
    r"location|based in|current city|address|city)\s*[:：]?\s*([^|\uff5c\n]{1,40})",
    re.IGNORECASE,
)
WISHED_FOR = re.compile(r"期望|意向|desired|preferred|willing", re.IGNORECASE)

# Degree levels, highest first: (Chinese label, English label, pattern).
DEGREES = (
    ("博士", "PhD", re.compile(r"博士|\bph\.?\s?d\b|\bdoctor(ate| of)\b", re.I)),
    (
        "硕士",
        "Master",
        re.compile(
            r"硕士|研究生|\bmaster'?s?\b|\bm\.?sc?\b\.?|\bm\.s\.|\bmba\b|\bm\.?eng\b|\bm\.a\.", re.I
        ),
    ),
    (
        "本科",
        "Bachelor",
        re.compile(
            r"本科|学士|\bbachelor'?s?\b|\bb\.?sc?\b\.?|\bb\.s\.|\bb\.a\.|\bb\.?eng\b|\bb\.e\.",
            re.I,
        ),
    ),
    ("大专", "Associate", re.compile(r"大专|专科|高职|\bassociate'?s? degree\b", re.I)),
    ("高中", "High school", re.compile(r"高中|中专|职高|\bhigh school\b", re.I)),
)
ZH_SCHOOL = re.compile(r"[\u4e00-\u9fff]{2,15}?(?:大学|学院|学校|研究院|研究所)")
EN_SCHOOL = re.compile(
    r"(?:The\s+)?(?:[A-Z][\w&'.-]*\s+){0,6}(?:University|College|Institute|Polytechnic)"
    r"(?:\s+of(?:\s+(?:[A-Z][\w&'.-]*|and|&))+)?"
)
LABELLED = {
    "school": re.compile(r"(?:毕业院校|毕业学校|院校|学校)\s*[:：]\s*([^\s|\uff5c]+)"),
    "major": re.compile(r"(?:所学专业|专业)\s*[:：]\s*([^\s|\uff5c]+)"),
    "degree": re.compile(r"(?:最高学历|学历|学位)\s*[:：]\s*([^\s|\uff5c]+)"),
    "graduation": re.compile(r"毕业(?:时间|年份|日期)\s*[:：]\s*((?:19|20)\d{2})"),
    "title": re.compile(
        r"(?:目前职位|当前职位|现任职位|现职位|current (?:title|position|role))"
        r"\s*[:：]\s*([^|\uff5c\n]+)",
        re.IGNORECASE,
    ),
}
EN_MAJOR = re.compile(
    r"\b(?:in|of)\s+((?:[A-Z][A-Za-z&]*|and|&)(?:\s+(?:[A-Z][A-Za-z&]*|and|of|&))*)"
)
GENERIC_DEGREE_WORDS = {"Science", "Arts", "Engineering", "Philosophy", "Business Administration"}

ZH_TITLE_WORDS = re.compile(
    r"工程师|经理|专员|主管|总监|分析师|设计师|顾问|助理|架构师|运营|产品|HRBP|总裁|CEO|CTO|COO|CFO"
    r"|负责人|主任|专家|实习生|开发|测试|会计|出纳|销售|教师|律师|研究员|编辑|文员|组长|总经理|合伙人"
)
EN_TITLE_WORDS = re.compile(
    r"\b(engineer|developer|analyst|manager|designer|scientist|consultant|specialist|director"
    r"|lead|architect|recruiter|coordinator|officer|associate|intern|administrator|accountant"
    r"|representative|executive|head|president|vp|partner|researcher|teacher|editor|writer"
    r"|generalist|hrbp|programmer|technician|owner)\b",
    re.IGNORECASE,
)
INTERN = re.compile(r"实习|\bintern(ship)?\b", re.IGNORECASE)
COMPANY = re.compile(
    r"公司|集团|有限|科技|银行|研究院|工作室|事务所|医院|\b(inc|ltd|llc|corp|co|group|gmbh)\b\.?",
    re.IGNORECASE,
)
# Between the pieces of a line: wide gaps, bars, commas, dashes, " at ", and any space
# next to a Chinese character (Chinese puts no space inside a name or a phrase).
SEPARATORS = re.compile(
    r"\s{2,}|\s*[|\uff5c,，;；]\s*|\s+[-\u2013\u2014·@]\s+|\s+at\s+|\t"
    r"|(?<=[\u4e00-\u9fff）)])\s+|\s+(?=[\u4e00-\u9fff（(])"
)


@dataclass
class ParsedResume:
    """What the rules found; a field is "" when the resume does not say."""

    language: str  # "zh-hans" or "en"
    city: str = ""
    school: str = ""
    degree: str = ""
    major: str = ""
    graduation_year: str = ""
    current_title: str = ""
    years_experience: str = ""

    def fields(self) -> dict[str, str]:
        names = (
            "city",
            "school",
            "degree",
            "major",
            "graduation_year",
            "current_title",
            "years_experience",
        )
        return {name: getattr(self, name) for name in names if getattr(self, name)}


@dataclass
class _Sections:
    header: list[str] = field(default_factory=list)
    work: list[str] = field(default_factory=list)
    education: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)


def resume_parse_text(text: str, *, today: date) -> ParsedResume:
    """The fields of a resume's (normalised) text; `today` ends a job held "至今"."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    language = "zh-hans" if len(CJK.findall(text)) * 4 > len(text.replace(" ", "")) else "en"
    sections = _sections(lines)
    parsed = ParsedResume(language=language)
    parsed.city = _city(sections, lines)
    _education(parsed, sections, lines)
    jobs = _jobs(sections.work)
    parsed.current_title = _labelled(lines, "title") or _current_title(jobs)
    parsed.years_experience = _years_experience(sections, lines, jobs, today)
    return parsed


def _heading(line: str) -> str:
    """The line as a heading would read: without its decoration (【】, ■, :)."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", line).strip()


def _sections(lines: list[str]) -> _Sections:
    sections = _Sections()
    current = sections.header
    for line in lines:
        heading = _heading(line)
        if len(heading) <= 30 and not re.search(r"\d", heading):
            if WORK_HEADINGS.match(heading):
                current = sections.work
                continue
            if EDUCATION_HEADINGS.match(heading):
                current = sections.education
                continue
            if OTHER_HEADINGS.match(heading):
                current = sections.other
                continue
        current.append(line)
    return sections


def _labelled(lines: list[str], name: str) -> str:
    for line in lines:
        if match := LABELLED[name].search(line):
            return match.group(1).strip()
    return ""


# --- city


def _city(sections: _Sections, lines: list[str]) -> str:
    for line in lines:
        for match in CITY_LABEL.finditer(line):
            wished = WISHED_FOR.search(line[max(0, match.start() - 4) : match.start()])
            if not wished and (city := _known_city(match.group(1))):
                return city
    # No label: a city named in the header's contact line (not the one wished for).
    for line in sections.header[:6]:
        for piece in SEPARATORS.split(line):
            if piece and not WISHED_FOR.search(piece) and (city := _known_city(piece)):
                return city
    return ""


def _known_city(text: str) -> str:
    """The first known city named in `text`, as the resume writes it (上海 or Shanghai)."""
    best: tuple[int, str] | None = None
    for chinese, english in CITIES:
        for name in (chinese, english):
            position = _find_name(text, name)
            if position >= 0 and (best is None or position < best[0]):
                best = (position, name)
    return best[1] if best else ""


def _find_name(text: str, name: str) -> int:
    if CJK.match(name):
        return text.find(name)
    match = re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", text, re.IGNORECASE)
    return match.start() if match else -1


# --- education


@dataclass
class _School:
    school: str = ""
    degree_rank: int = len(DEGREES)
    degree: str = ""
    major: str = ""
    year: str = ""


def _education(parsed: ParsedResume, sections: _Sections, lines: list[str]) -> None:
    schools = _schools(sections.education, parsed.language)
    best = min(schools, key=lambda s: (s.degree_rank, -int(s.year or 0)), default=None)
    if best is not None:
        parsed.school, parsed.major, parsed.graduation_year = best.school, best.major, best.year
        parsed.degree = best.degree
    # Labelled fields ("毕业院校：…", "最高学历：…") say it outright.
    parsed.school = _labelled(lines, "school") or parsed.school
    parsed.major = (_labelled(lines, "major") or parsed.major).removesuffix("专业")
    parsed.graduation_year = _labelled(lines, "graduation") or parsed.graduation_year
    if labelled := _labelled(lines, "degree"):
        parsed.degree = _degree(labelled, parsed.language)[1] or parsed.degree


def _schools(lines: list[str], language: str) -> list[_School]:
    schools: list[_School] = []
    for line in lines:
        school = _school_name(line)
        if school and (not schools or schools[-1].school):
            schools.append(_School(school=school))
        elif school:
            schools[-1].school = school
        elif not schools:
            schools.append(_School())
        entry = schools[-1]
        rank, label = _degree(line, language)
        if label and rank < entry.degree_rank:
            entry.degree_rank, entry.degree = rank, label
        if not entry.year:
            entry.year = _graduation_year(line)
        if not entry.major:
            entry.major = _major(line, school, language)
    return [entry for entry in schools if entry.school]


def _school_name(line: str) -> str:
    for run in re.findall(r"[\u4e00-\u9fff]+", line):
        if match := ZH_SCHOOL.match(run):
            return match.group(0)
    if match := EN_SCHOOL.search(line):
        return match.group(0).strip()
    return ""


def _degree(text: str, language: str) -> tuple[int, str]:
    for rank, (chinese, english, pattern) in enumerate(DEGREES):
        if pattern.search(text):
            return rank, chinese if language == "zh-hans" else english
    return len(DEGREES), ""


def _graduation_year(line: str) -> str:
    if match := DATE_RANGE.search(line):
        end = YEAR.search(match.group("end"))
        return end.group(0) if end else ""
    years = YEAR.findall(line)
    return years[-1] if years else ""


def _major(line: str, school: str, language: str) -> str:
    if language == "en" or not CJK.search(line):
        for match in EN_MAJOR.finditer(line):
            candidate = match.group(1).strip()
            if candidate not in GENERIC_DEGREE_WORDS and candidate not in school:
                major = candidate
                return major
        return ""
    # "2014.09-2018.06  浙江大学  计算机科学与技术  本科": the piece that is neither
    # the dates, the school nor the degree.
    rest = DATE_RANGE.sub(" ", line).replace(school, " ") if school else DATE_RANGE.sub(" ", line)
    for piece in SEPARATORS.split(rest):
        piece = piece.strip()
        if (
            CJK.search(piece)
            and not _degree(piece, language)[1]
            and ":" not in piece
            and not ZH_SCHOOL.search(piece)
        ):
            return piece.removesuffix("专业")
    return ""


# --- work


@dataclass
class _Job:
    start: tuple[int, int]
    end: tuple[int, int] | None  # None: held now
    text: str  # the range's line, dates taken out
    before: str  # the line above it (the company, in some layouts)
    intern: bool


def _jobs(lines: list[str]) -> list[_Job]:
    jobs = []
    for index, line in enumerate(lines):
        match = DATE_RANGE.search(line)
        if not match:
            continue
        start = _month(match.group("start"))
        if start is None:
            continue
        end = _month(match.group("end"))
        text = (line[: match.start()] + "  " + line[match.end() :]).strip()
        before = lines[index - 1] if index else ""
        jobs.append(
            _Job(start, end, text, before, bool(INTERN.search(text) or INTERN.search(before)))
        )
    return jobs


def _month(text: str) -> tuple[int, int] | None:
    """(year, month) of a date as resumes write it; None for 至今 / Present."""
    year = YEAR.search(text)
    if not year:
        return None
    rest = text[year.end() :]
    month = re.search(r"\d{1,2}", rest)
    name = re.match(r"[A-Za-z]+", text)
    number = int(month.group(0)) if month else MONTHS.get(name.group(0).lower(), 1) if name else 1
    return int(year.group(0)), min(max(number, 1), 12)


def _current_title(jobs: list[_Job]) -> str:
    held = [job for job in jobs if not job.intern]
    if not held:
        return ""
    current = max(held, key=lambda job: (job.end is None, job.end or (0, 0), job.start))
    for text in (current.text, current.before):
        if title := _title_in(text):
            return title
    return ""


def _title_in(text: str) -> str:
    pieces = [piece.strip() for piece in SEPARATORS.split(text) if piece and piece.strip()]
    for piece in pieces:
        if COMPANY.search(piece) and not re.search(r"工程师|经理|engineer|manager", piece, re.I):
            continue
        if ZH_TITLE_WORDS.search(piece) or EN_TITLE_WORDS.search(piece):
            return piece
    return ""


def _years_experience(sections: _Sections, lines: list[str], jobs: list[_Job], today: date) -> str:
    # Said outright first: in the header or the summary, not inside a job's description.
    for line in sections.header + sections.other + lines:
        for pattern in STATED_YEARS:
            if match := pattern.search(line):
                return str(int(match.group(1)))
    held = [job for job in jobs if not job.intern]
    if not held:
        return ""
    start = min(job.start for job in held)
    months = (today.year - start[0]) * 12 + today.month - start[1]
    return str(max(months, 0) // 12) if months >= 0 else ""
