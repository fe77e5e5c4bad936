"""The exit certificate as an A4 PDF: the Chinese text, which is the certificate, then its
English translation, marked as for reference only. The Chinese font is embedded
(hrflow.core.pdf), so it prints the same anywhere.

The wording is fixed text of the document, not interface text: it is the same whatever
language the person issuing it reads the site in.
"""

from datetime import date

from fpdf.enums import Align, XPos, YPos

from employees.leaving.certificate import CertificateFacts
from employees.models import Contract
from hrflow.core.pdf import FONT, A4Document

MARGIN = 25  # mm
GREY = (110, 110, 110)
# Not the C library's %B, which follows the server's locale.
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


def _zh_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def _en_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _zh_term(facts: CertificateFacts) -> str:
    starts = _zh_date(facts.contract_starts_on)
    if facts.contract_kind == Contract.Kind.OPEN_ENDED:
        return f"无固定期限，自{starts}起"
    if facts.contract_kind == Contract.Kind.TASK:
        task = f"（{facts.contract_task}）" if facts.contract_task else ""
        return f"以完成一定工作任务为期限{task}，自{starts}起"
    return f"固定期限，自{starts}至{_zh_date(facts.contract_ends_on)}"


def _en_term(facts: CertificateFacts) -> str:
    starts = _en_date(facts.contract_starts_on)
    if facts.contract_kind == Contract.Kind.OPEN_ENDED:
        return f"open-ended, from {starts}"
    if facts.contract_kind == Contract.Kind.TASK:
        task = f" ({facts.contract_task})" if facts.contract_task else ""
        return f"until the completion of a task{task}, from {starts}"
    return f"fixed term, from {starts} to {_en_date(facts.contract_ends_on)}"


def _zh_service(facts: CertificateFacts) -> str:
    text = f"{facts.service_years}年{facts.service_months}个月"
    return text + (f"{facts.service_days}天" if facts.service_days else "")


def _en_service(facts: CertificateFacts) -> str:
    text = f"{facts.service_years} years and {facts.service_months} months"
    return text + (f" and {facts.service_days} days" if facts.service_days else "")


def _position(facts: CertificateFacts, joiner: str) -> str:
    return joiner.join(part for part in (facts.department, facts.job_title) if part)


def chinese_text(facts: CertificateFacts) -> list[str]:
    ended = "解除" if facts.terminated else "终止"
    lines = [
        f"兹证明{facts.full_name}（员工编号：{facts.number}）自{_zh_date(facts.first_day)}起在"
        f"{facts.company}工作，工作岗位：{_position(facts, ' ') or '—'}。",
        f"劳动合同期限：{_zh_term(facts)}。",
        f"双方劳动合同于{_zh_date(facts.last_day)}{ended}。",
        f"在本单位的工作年限：{_zh_service(facts)}"
        f"（{_zh_date(facts.first_day)}至{_zh_date(facts.last_day)}）。",
    ]
    if facts.reason:
        lines.append(f"应本人要求注明离职原因：{facts.reason}。")
    lines.append("特此证明。")
    return lines


def english_text(facts: CertificateFacts) -> list[str]:
    ended = "terminated" if facts.terminated else "came to its end"
    lines = [
        f"This is to certify that {facts.full_name} (employee number {facts.number}) worked "
        f"at {facts.company} from {_en_date(facts.first_day)}, in the position of "
        f"{_position(facts, ', ') or '—'}.",
        f"Term of the labour contract: {_en_term(facts)}.",
        f"The labour contract {ended} on {_en_date(facts.last_day)}.",
        f"Years of service with the company: {_en_service(facts)} "
        f"({_en_date(facts.first_day)} to {_en_date(facts.last_day)}).",
    ]
    if facts.reason:
        lines.append(f"Reason for leaving, stated at the employee's request: {facts.reason}.")
    return lines


def certificate_pdf(facts: CertificateFacts) -> bytes:
    pdf = A4Document(margin=MARGIN, font_size=11)
    pdf.set_title("离职证明 Certificate of Termination of Employment")
    pdf.set_lang("zh-CN")
    pdf.add_page()
    pdf.set_font(FONT, size=20)
    pdf.cell(0, 12, "离职证明", align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.set_font(FONT, size=12)
    for line in chinese_text(facts):
        _paragraph(pdf, line, height=8)
        pdf.ln(2)
    pdf.ln(10)
    _signature(pdf, f"{facts.company}（盖章）", _zh_date(facts.issued_on))
    pdf.ln(14)
    pdf.set_draw_color(190, 190, 190)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.ln(6)
    pdf.set_font(FONT, size=13)
    pdf.cell(
        0,
        8,
        "Certificate of Termination of Employment",
        align=Align.C,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font(FONT, size=8.5)
    pdf.set_text_color(*GREY)
    _paragraph(
        pdf,
        "英文译文仅供参考，以中文文本为准。 "
        "This English translation is for reference only; the Chinese text prevails.",
        height=5,
    )
    pdf.set_text_color(0)
    pdf.ln(3)
    pdf.set_font(FONT, size=10)
    for line in english_text(facts):
        _paragraph(pdf, line, height=6)
        pdf.ln(1)
    pdf.ln(6)
    _signature(pdf, f"{facts.company} (company seal)", _en_date(facts.issued_on))
    return bytes(pdf.output())


def _paragraph(pdf: A4Document, text: str, *, height: float) -> None:
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _signature(pdf: A4Document, company: str, day: str) -> None:
    pdf.cell(0, 7, company, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(0, 7, day, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
