"""The column layouts of the attendance exports hrflow reads, declared as data: DingTalk
(钉钉 原始打卡记录), WeCom (企业微信 打卡记录) and Feishu (飞书 打卡记录).

A file is recognised by its signature columns; each layout names where the employee
number, the day and the punch time are, and optionally the device and the result column
whose "no punch" values mark rows that record a missing punch rather than a punch.
WeCom's 账号 is the member's account, which companies set to the employee number.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class VendorLayout:
    code: str
    name: str
    signature: frozenset[str]  # present in its header, not all in the others'
    number: str
    day: str
    time: str
    device: str = ""
    result: str = ""
    no_punch: frozenset[str] = frozenset()

    @property
    def required(self) -> tuple[str, ...]:
        return (self.number, self.day, self.time)


DINGTALK = VendorLayout(
    code="dingtalk",
    name="DingTalk (钉钉)",
    signature=frozenset({"考勤日期"}),
    number="工号",
    day="考勤日期",
    time="打卡时间",
    device="打卡设备",
    result="打卡结果",
    no_punch=frozenset({"缺卡", "未打卡"}),
)
WECOM = VendorLayout(
    code="wecom",
    name="WeCom (企业微信)",
    signature=frozenset({"账号"}),
    number="账号",
    day="日期",
    time="打卡时间",
    device="打卡设备",
    result="打卡状态",
    no_punch=frozenset({"未打卡"}),
)
FEISHU = VendorLayout(
    code="feishu",
    name="Feishu (飞书)",
    signature=frozenset({"工号", "日期"}),
    number="工号",
    day="日期",
    time="打卡时间",
    device="打卡设备",
    result="打卡结果",
    no_punch=frozenset({"缺卡"}),
)

# Most specific first: a DingTalk file has 工号 too, but never a bare 日期.
LAYOUTS = (DINGTALK, WECOM, FEISHU)


def layout_detect(header: tuple[str, ...]) -> VendorLayout | None:
    columns = set(header)
    return next((layout for layout in LAYOUTS if layout.signature <= columns), None)
