"""The onboarding template and the policy the product ships, installed by a data migration.

A company edits both in the app; reinstalling (tests, `install_onboarding_defaults`)
only adds what is missing, found by its code, and never overwrites HR's edits.
"""

from typing import Any

DEFAULT_TEMPLATE_CODE = "default"
DEFAULT_TEMPLATE_NAME = "通用入职流程"

# (title, English title, owner role, due offset in days from the start date, mandatory,
#  description)
DEFAULT_TASKS: tuple[tuple[str, str, str, int, bool, str], ...] = (
    ("发送入职须知和预入职链接", "Send the joining instructions and the pre-boarding link",
     "hr", -7, True, "告知报到时间、地点、需携带的材料（身份证原件、学历证书、离职证明）。"),
    ("准备工位和电脑", "Prepare the desk and the computer", "it", -3, True,
     "工位、电脑、显示器、门禁卡，按岗位安装所需软件。"),
    ("开通邮箱和企业微信", "Open the e-mail and WeCom accounts", "it", -2, True,
     "开通企业邮箱、企业微信和业务系统账号，首日交给新员工。"),
    ("指定导师", "Name a buddy", "manager", -3, True,
     "为新员工指定一名导师（buddy），负责首月答疑和融入。"),
    ("填写预入职信息并上传材料", "Complete the pre-boarding details and uploads", "new_hire",
     -1, True, "确认个人信息、身份证件、银行卡、紧急联系人，上传身份证、学历证书、离职证明。"),
    ("首日报到", "Report on the first day", "new_hire", 0, True,
     "携带身份证原件、学历证书原件和上家单位离职证明，到前台报到。"),
    ("签订劳动合同", "Sign the labour contract", "hr", 0, True,
     "用工之日起一个月内须订立书面劳动合同（劳动合同法第十条），建议首日签订。"),
    ("入职培训", "Induction training", "hr", 0, True,
     "公司介绍、规章制度、考勤与休假、报销流程。"),
    ("安全培训", "Safety training", "hr", 1, True,
     "消防、用电和办公安全；生产岗位另行三级安全教育。"),
    ("带新同事熟悉环境", "Show the new colleague around", "buddy", 1, False,
     "介绍团队成员、办公区域、食堂和常用系统。"),
    ("试用期目标沟通", "Agree the probation goals", "manager", 7, True,
     "与新员工书面确认试用期目标和考核标准。"),
    ("社保和公积金登记", "Register social insurance and the housing fund", "hr", 14, True,
     "用工之日起三十日内为员工办理社会保险登记（社会保险法第五十八条）。"),
    ("首月回顾面谈", "First-month check-in", "manager", 30, False,
     "回顾第一个月的工作、问题和支持需要。"),
)  # fmt: skip

# The notice PIPL art. 17 asks for before an employer processes a new hire's data: shipped
# so pre-boarding always has one policy to acknowledge; HR replaces the text with its own.
DEFAULT_POLICIES: tuple[tuple[str, str, str, str], ...] = (
    (
        "personal-information",
        "1.0",
        "员工个人信息处理告知书",
        "为订立和履行劳动合同、办理社会保险和住房公积金、发放工资及依法进行人力资源管理，"
        "公司将处理你在预入职中提供的个人信息，包括姓名、性别、住址、联系方式、身份证件号码、"
        "银行账户和紧急联系人。身份证件号码和银行账户属于敏感个人信息，公司加密存储，"
        "仅人力资源管理员和你本人可以查看，每次查看均留有记录。\n\n"
        "公司不会询问你的婚姻、怀孕或生育情况。信息保存至劳动关系结束后法律要求的期限届满。"
        "你可以向人力资源部查阅、复制和更正你的个人信息。",
    ),
)


def install_onboarding_defaults(apps: Any) -> None:
    """Add the shipped template (with its tasks) and policy where missing; safe to call again."""
    template_model = apps.get_model("employees", "OnboardingTemplate")
    task_model = apps.get_model("employees", "OnboardingTemplateTask")
    policy_model = apps.get_model("employees", "Policy")
    template, created = template_model.objects.get_or_create(
        code=DEFAULT_TEMPLATE_CODE, defaults={"name": DEFAULT_TEMPLATE_NAME}
    )
    if created:
        task_model.objects.bulk_create(
            task_model(
                template=template,
                title=title,
                title_en=title_en,
                owner_role=role,
                due_offset_days=offset,
                mandatory=mandatory,
                description=description,
                order=order,
            )
            for order, (title, title_en, role, offset, mandatory, description) in enumerate(
                DEFAULT_TASKS
            )
        )
    for code, version, title, body in DEFAULT_POLICIES:
        policy_model.objects.get_or_create(
            code=code, version=version, defaults={"title": title, "body": body}
        )
