"""Four realistic resumes (two Chinese, two English) in the layouts job boards export,
each with the fields a reader should find in it; turned into PDFs by the tests."""

from datetime import date

# The day the tests read them on: years of experience counted from dates depend on it.
TODAY = date(2026, 12, 6)

ZH_ENGINEER = """张伟
男 | 29岁 | 现居：上海市浦东新区 | 工作经验：6年
手机：138-0013-8000 | 邮箱：zhangwei@example.com
求职意向：高级后端开发工程师 | 期望城市：杭州
个人优势
6年Python后端开发经验，熟悉Django、PostgreSQL、Redis、Celery，有高并发系统设计经验。
工作经历
2021.07-至今  上海云图信息科技有限公司  高级后端开发工程师
负责订单系统的设计与开发，使用Python、Django、PostgreSQL，日均处理订单200万。
2018.07-2021.06  杭州星河网络有限公司  后端开发工程师
参与用户中心和支付系统开发，使用Redis、Kafka和MySQL。
教育经历
2014.09-2018.06  浙江大学  计算机科学与技术  本科
专业技能
Python、Django、PostgreSQL、Redis、Celery、Kafka、Docker、Linux"""

ZH_RECRUITER = """个人简历
姓名：李娜    性别：女    出生年月：1994年3月
所在城市：北京    电话：13912345678    邮箱：lina@example.com
工作经历
2022年3月 - 至今   北京字节跳动科技有限公司   招聘经理
负责技术岗位的校园招聘和社会招聘，年度招聘200人以上，搭建雇主品牌。
2019年7月 - 2022年2月   北京三快在线科技有限公司   HRBP
负责研发团队的员工关系、绩效管理和薪酬福利，处理劳动合同与劳动法相关事务。
2018年7月 - 2018年9月   北京链家   人力资源实习生
协助简历筛选和面试安排。
教育背景
2016.09-2019.06  中国人民大学  人力资源管理  硕士
2012.09-2016.06  山东大学  工商管理  本科
技能证书
人力资源管理师二级、Excel、Moka招聘系统"""

EN_ANALYST = """EMILY CHEN
Data Analyst | Shenzhen, China | emily.chen@example.com | +86 135 0000 1234
SUMMARY
Data analyst with 4 years of experience in SQL, Python and Tableau, building dashboards for
e-commerce growth teams.
EXPERIENCE
Senior Data Analyst, Tencent - Shenzhen    Mar 2022 - Present
Built A/B testing pipelines in Python and SQL; owned the weekly growth dashboard in Tableau.
Data Analyst, Ping An Technology - Shenzhen    Jul 2020 - Feb 2022
Cleaned claims data with pandas; automated Excel reports.
EDUCATION
The Hong Kong University of Science and Technology    2018 - 2020
Master of Science in Business Analytics
Sun Yat-sen University    2014 - 2018
Bachelor of Economics
SKILLS
SQL, Python, Tableau, Excel, A/B testing, Statistics"""

EN_ENGINEER = """Michael Zhang
Beijing, China · michael.zhang@example.com · github.com/mzhang
PROFESSIONAL EXPERIENCE
ByteDance, Beijing
Backend Engineer    June 2021 - Present
Designed Go and Python microservices on Kubernetes serving 10 million daily users.
Microsoft Research Asia, Beijing
Software Engineering Intern    July 2020 - September 2020
Built a gRPC load generator in Go.
EDUCATION
Tsinghua University, Beijing
B.S. in Computer Science, 2021
SKILLS
Go, Python, Kubernetes, Docker, PostgreSQL, gRPC"""

EXPECTED = {
    "zh-engineer": (
        ZH_ENGINEER,
        {
            "city": "上海",
            "school": "浙江大学",
            "degree": "本科",
            "major": "计算机科学与技术",
            "graduation_year": "2018",
            "current_title": "高级后端开发工程师",
            "years_experience": "6",
        },
    ),
    "zh-recruiter": (
        ZH_RECRUITER,
        {
            "city": "北京",
            "school": "中国人民大学",
            "degree": "硕士",
            "major": "人力资源管理",
            "graduation_year": "2019",
            "current_title": "招聘经理",
            # from 2019年7月 (the internship before it does not count) to TODAY
            "years_experience": "7",
        },
    ),
    "en-analyst": (
        EN_ANALYST,
        {
            "city": "Shenzhen",
            "school": "The Hong Kong University of Science and Technology",
            "degree": "Master",
            "major": "Business Analytics",
            "graduation_year": "2020",
            "current_title": "Senior Data Analyst",
            "years_experience": "4",
        },
    ),
    "en-engineer": (
        EN_ENGINEER,
        {
            "city": "Beijing",
            "school": "Tsinghua University",
            "degree": "Bachelor",
            "major": "Computer Science",
            "graduation_year": "2021",
            "current_title": "Backend Engineer",
            # June 2021 to TODAY; the internship does not count
            "years_experience": "5",
        },
    ),
}
