"""The offboarding checklist the product ships, installed by a data migration.

HR admins edit it in the app (the offboarding template page); reinstalling (tests,
`install_offboarding_defaults`) only adds a shipped task whose code is missing, and never
overwrites HR's edits.
"""

from typing import Any

# (code, title, English title, owner role, due offset in days from the last day,
#  description)
DEFAULT_TASKS: tuple[tuple[str, str, str, str, int, str], ...] = (
    ("handover", "工作交接", "Hand over the work", "manager", -2,
     "核对交接清单：在办事项、文件、客户和权限，交接双方签字（劳动合同法第五十条）。"),
    ("assets", "收回公司资产", "Collect the company's assets", "it", 0,
     "电脑、门禁卡、钥匙、公司手机等，按资产清单核对并签收。"),
    ("accounts", "关闭系统账号", "Close the accounts", "it", 0,
     "停用企业邮箱、企业微信和业务系统账号；hrflow 的登录账号在最后工作日结束时自动停用。"),
    ("final-pay", "核对离职结算", "Review the final pay", "payroll", 0,
     "核对工资结算至最后工作日、未休年休假工资和经济补偿（如有），随离职当月工资发放。"),
    ("exit-certificate", "出具离职证明", "Issue the exit certificate", "hr", 0,
     "解除或终止劳动合同时出具证明，写明合同期限、解除或终止日期、工作岗位和在本单位的工作年限"
     "（劳动合同法第五十条，实施条例第二十四条）。"),
    ("transfers", "办理社保和档案转移", "Transfer the social insurance and the personnel file",
     "hr", 15, "十五日内为劳动者办理档案和社会保险关系转移手续（劳动合同法第五十条）。"),
)  # fmt: skip


def install_offboarding_defaults(apps: Any) -> None:
    """Add the shipped checklist tasks that are missing; safe to call again."""
    task_model = apps.get_model("employees", "OffboardingTemplateTask")
    present = set(task_model.objects.exclude(code="").values_list("code", flat=True))
    task_model.objects.bulk_create(
        task_model(
            code=code,
            title=title,
            title_en=title_en,
            owner_role=role,
            due_offset_days=offset,
            description=description,
            order=order,
        )
        for order, (code, title, title_en, role, offset, description) in enumerate(DEFAULT_TASKS)
        if code not in present
    )
