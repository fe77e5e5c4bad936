"""Word lists of the employee seed: names, teams under the demo departments, positions.

Names are plain data in Chinese with their pinyin (for work e-mail addresses).
"""

# (surname, pinyin, weight): the most common surnames, roughly by frequency.
SURNAMES: tuple[tuple[str, str, int], ...] = (
    ("王", "wang", 72), ("李", "li", 70), ("张", "zhang", 68), ("刘", "liu", 52),
    ("陈", "chen", 45), ("杨", "yang", 33), ("黄", "huang", 25), ("赵", "zhao", 21),
    ("吴", "wu", 20), ("周", "zhou", 19), ("徐", "xu", 16), ("孙", "sun", 15),
    ("马", "ma", 15), ("朱", "zhu", 14), ("胡", "hu", 13), ("郭", "guo", 12),
    ("何", "he", 12), ("林", "lin", 11), ("高", "gao", 11), ("罗", "luo", 10),
    ("郑", "zheng", 10), ("梁", "liang", 9), ("谢", "xie", 8), ("宋", "song", 8),
    ("唐", "tang", 8), ("许", "xu", 7), ("韩", "han", 7), ("冯", "feng", 7),
    ("邓", "deng", 7), ("曹", "cao", 6), ("彭", "peng", 6), ("曾", "zeng", 6),
    ("萧", "xiao", 5), ("田", "tian", 5), ("董", "dong", 5), ("潘", "pan", 5),
    ("袁", "yuan", 5), ("蔡", "cai", 4), ("蒋", "jiang", 4), ("余", "yu", 4),
    ("欧阳", "ouyang", 1), ("司马", "sima", 1),
)  # fmt: skip

# Given-name characters with pinyin, by the sex they are more common for.
GIVEN_FEMALE: tuple[tuple[str, str], ...] = (
    ("秀", "xiu"), ("英", "ying"), ("华", "hua"), ("慧", "hui"), ("敏", "min"),
    ("静", "jing"), ("丽", "li"), ("婷", "ting"), ("雪", "xue"), ("琳", "lin"),
    ("燕", "yan"), ("芳", "fang"), ("娜", "na"), ("颖", "ying"), ("欣", "xin"),
    ("悦", "yue"), ("晨", "chen"), ("瑶", "yao"), ("佳", "jia"), ("雨", "yu"),
    ("梦", "meng"), ("思", "si"), ("怡", "yi"), ("倩", "qian"), ("玲", "ling"),
)  # fmt: skip
GIVEN_MALE: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("勇", "yong"),
    ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("刚", "gang"),
    ("平", "ping"), ("辉", "hui"), ("鹏", "peng"), ("浩", "hao"), ("宇", "yu"),
    ("俊", "jun"), ("博", "bo"), ("文", "wen"), ("斌", "bin"), ("峰", "feng"),
    ("建", "jian"), ("国", "guo"), ("志", "zhi"), ("晓", "xiao"), ("海", "hai"),
)  # fmt: skip

# Teams (departments) under the demo departments: (parent code, code, 中文, English, weight
# of the employees they hold, location code).
TEAMS: tuple[tuple[str, str, str, str, int, str], ...] = (
    ("backend", "be-pay", "支付平台组", "Payments Team", 4, "sh-hq"),
    ("backend", "be-order", "订单系统组", "Order Systems Team", 4, "sh-hq"),
    ("backend", "be-infra", "基础架构组", "Infrastructure Team", 3, "bj-office"),
    ("frontend", "fe-web", "Web 前端组", "Web Team", 3, "sh-hq"),
    ("frontend", "fe-app", "移动端组", "Mobile Team", 3, "bj-office"),
    ("qa", "qa-auto", "自动化测试组", "Test Automation Team", 2, "sh-hq"),
    ("qa", "qa-manual", "功能测试组", "Functional Testing Team", 2, "sh-hq"),
    ("plant-sz", "sz-line1", "总装一车间", "Assembly Workshop 1", 16, "sz-plant"),
    ("plant-sz", "sz-line2", "总装二车间", "Assembly Workshop 2", 16, "sz-plant"),
    ("plant-sz", "sz-smt", "SMT 车间", "SMT Workshop", 12, "sz-plant"),
    ("plant-sz", "sz-quality", "品质部", "Quality Control", 6, "sz-plant"),
    ("plant-sz", "sz-logistics", "仓储物流部", "Warehouse and Logistics", 6, "sz-plant"),
    ("plant-sz", "sz-ehs", "安全环保部", "Safety and Environment", 2, "sz-plant"),
    ("sales", "sales-east", "华东大区", "East China Region", 5, "sh-hq"),
    ("sales", "sales-north", "华北大区", "North China Region", 4, "bj-office"),
    ("sales", "sales-south", "华南大区", "South China Region", 4, "sz-plant"),
    ("hr", "hr-recruit", "招聘组", "Recruiting Team", 1, "sh-hq"),
    ("hr", "hr-ops", "人事运营组", "HR Operations Team", 1, "sh-hq"),
)

# Positions by the kind of team: (slug, 中文 title, English title, grade). The first is
# the head's seat, the second the team leads', the rest the members'.
POSITIONS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "tech": (
        ("head", "研发经理", "Engineering Manager", "M3"),
        ("lead", "技术组长", "Tech Lead", "P7"),
        ("senior", "高级工程师", "Senior Engineer", "P6"),
        ("engineer", "软件工程师", "Software Engineer", "P5"),
        ("junior", "初级工程师", "Junior Engineer", "P4"),
    ),
    "plant": (
        ("head", "车间主任", "Workshop Director", "M2"),
        ("lead", "班组长", "Shift Leader", "S3"),
        ("technician", "设备技术员", "Equipment Technician", "S2"),
        ("operator", "生产操作工", "Production Operator", "S1"),
        ("inspector", "质检员", "Quality Inspector", "S1"),
    ),
    "sales": (
        ("head", "大区总监", "Regional Director", "M3"),
        ("lead", "销售主管", "Sales Supervisor", "S4"),
        ("kam", "大客户经理", "Key Account Manager", "S3"),
        ("rep", "销售代表", "Sales Representative", "S2"),
    ),
    "office": (
        ("head", "部门经理", "Department Manager", "M2"),
        ("lead", "主管", "Supervisor", "P6"),
        ("specialist", "专员", "Specialist", "P4"),
        ("assistant", "助理", "Assistant", "P3"),
    ),
}
KIND_BY_TOP = {"tech": "tech", "ops": "plant", "sales": "sales", "hr": "office", "hq": "office"}

STREETS = ("人民路", "中山路", "解放路", "建设路", "和平路", "长江路", "黄河路", "科技路")
