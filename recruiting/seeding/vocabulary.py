"""Word lists the seed draws people and jobs from.

Companies are invented (or the well-known fictional ones) so no real employer
appears to have staff looking for work; universities are real, as on any resume.
"""

# (surnames, relative weight): the common ones far more often, as in life.
CHINESE_SURNAMES: tuple[tuple[tuple[str, ...], float], ...] = (
    (("王", "李", "张"), 7.0),
    (("刘", "陈"), 5.0),
    (("杨", "黄", "赵", "吴", "周"), 2.0),
    (("徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑"), 1.0),
    (("梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田"), 0.5),
    (("董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕"), 0.3),
    (("丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金"), 0.2),
    (("石", "廖", "贾", "夏", "韦", "方", "白", "邹", "孟", "熊", "秦", "邱", "江"), 0.15),
    (("欧阳", "司马", "上官", "诸葛"), 0.03),
)

CHINESE_GIVEN_NAMES: tuple[str, ...] = (
    # one character
    *"伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚燕辉玲丹萍鹏华红飞鑫波宁琳颖琪宇浩凯晨阳欣悦雪倩璐洁婷蕾",
    # two characters
    "子涵", "浩然", "宇轩", "梓萱", "欣怡", "一诺", "雨桐", "思远", "俊杰", "嘉怡",
    "诗涵", "子轩", "浩宇", "梓涵", "若汐", "语桐", "家豪", "文博", "志强", "晓明",
    "建华", "建国", "秀英", "桂英", "丽娟", "海燕", "婷婷", "静怡", "佳琪", "雅婷",
    "晨曦", "博文", "天佑", "俊熙", "雨泽", "明轩", "皓轩", "雪梅", "晓燕", "志伟",
    "永强", "国栋", "晓东", "文静", "慧敏", "欣妍", "梦瑶", "思琪", "佳怡", "子墨",
    "一鸣", "雨萱", "可欣", "佳豪", "昊天", "宇航", "泽宇", "晨阳", "文轩", "梓豪",
    "奕辰", "嘉懿", "芷若", "沐阳", "若曦", "依诺", "安琪", "乐怡", "心怡", "紫涵",
    "思雨", "梦琪", "家乐", "志远", "少华", "立新", "丽华", "红梅", "玉兰", "春燕",
    "海涛", "振宇", "鹏飞", "俊宇", "嘉诚", "思彤", "亦菲", "景行", "清扬", "书瑶",
)  # fmt: skip

ENGLISH_GIVEN_NAMES: tuple[str, ...] = (
    "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph",
    "Thomas", "Daniel", "Matthew", "Anthony", "Mark", "Steven", "Andrew", "Kevin",
    "Brian", "Jason", "Ryan", "Eric", "Jacob", "Nicholas", "Jonathan", "Justin",
    "Samuel", "Benjamin", "Alexander", "Patrick", "Peter", "Oliver", "Henry", "Lucas",
    "Mary", "Jennifer", "Linda", "Elizabeth", "Susan", "Jessica", "Sarah", "Karen",
    "Emily", "Emma", "Olivia", "Sophia", "Grace", "Chloe", "Hannah", "Amy",
    "Rachel", "Laura", "Anna", "Julia", "Lily", "Claire", "Megan", "Natalie",
    "Victoria", "Zoe", "Alice", "Ella", "Ruby", "Isabel",
)  # fmt: skip

ENGLISH_SURNAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
    "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson",
    "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen",
    "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson",
    "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans",
    "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan",
    "Cooper", "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ward", "Richardson",
    "Watson", "Brooks", "Bennett", "Gray", "Hughes", "Price", "Patel", "Nguyen",
)  # fmt: skip

CHINESE_CITIES: tuple[str, ...] = (
    "上海", "北京", "深圳", "广州", "杭州", "成都", "南京", "武汉", "西安", "苏州",
    "天津", "重庆", "长沙", "厦门", "合肥", "青岛", "郑州", "东莞", "宁波", "济南",
)  # fmt: skip
ABROAD_CITIES: tuple[str, ...] = ("Singapore", "Hong Kong", "London", "Toronto", "Sydney")

CHINESE_COMPANIES: tuple[str, ...] = (
    "星云科技", "华启软件", "远航智能", "博联通信", "青禾电子", "海纳数据", "云帆网络",
    "鼎新制造", "恒通物流", "瑞丰金融科技", "锐思信息", "天穹互娱", "蓝鲸健康",
    "启明教育", "卓越汽车零部件", "新元能源", "万象零售", "极光半导体", "润和医药",
)  # fmt: skip
ENGLISH_COMPANIES: tuple[str, ...] = (
    "Contoso", "Fabrikam", "Northwind Traders", "Tailspin Toys", "Adventure Works",
    "Litware", "Proseware", "Wide World Importers", "Woodgrove Bank", "Coho Winery",
)  # fmt: skip

CHINESE_TITLES: tuple[str, ...] = (
    "软件工程师", "高级软件工程师", "Java开发工程师", "前端开发工程师", "测试工程师",
    "产品经理", "数据分析师", "运维工程师", "设备工程师", "工艺工程师", "质量工程师",
    "生产主管", "销售经理", "客户经理", "招聘专员", "HRBP", "供应链专员", "算法工程师",
    "UI设计师", "项目经理",
)  # fmt: skip
ENGLISH_TITLES: tuple[str, ...] = (
    "Software Engineer", "Senior Software Engineer", "QA Engineer", "Product Manager",
    "Data Analyst", "Account Manager", "Designer", "Project Manager", "DevOps Engineer",
)  # fmt: skip

CHINESE_UNIVERSITIES: tuple[str, ...] = (
    "清华大学", "北京大学", "浙江大学", "复旦大学", "上海交通大学", "南京大学",
    "中国科学技术大学", "华中科技大学", "武汉大学", "中山大学", "西安交通大学",
    "哈尔滨工业大学", "同济大学", "北京航空航天大学", "东南大学", "四川大学",
    "电子科技大学", "华南理工大学", "厦门大学", "山东大学", "湖南大学", "重庆大学",
    "天津大学", "大连理工大学", "深圳大学", "苏州大学", "北京邮电大学", "华东师范大学",
)  # fmt: skip
ENGLISH_UNIVERSITIES: tuple[str, ...] = (
    "University of Manchester", "University of Toronto", "National University of Singapore",
    "University of Melbourne", "University of Edinburgh", "King's College London",
    "University of Sydney", "University of Hong Kong",
)  # fmt: skip
CHINESE_MAJORS: tuple[str, ...] = (
    "计算机科学与技术", "软件工程", "电子信息工程", "自动化", "机械工程", "数学与应用数学",
    "统计学", "工商管理", "市场营销", "人力资源管理", "材料科学与工程", "通信工程",
    "电气工程及其自动化", "工业工程",
)  # fmt: skip
ENGLISH_MAJORS: tuple[str, ...] = (
    "Computer Science", "Software Engineering", "Electrical Engineering", "Mathematics",
    "Business Administration", "Mechanical Engineering", "Statistics",
)  # fmt: skip
# (中文, English, weight)
DEGREES: tuple[tuple[str, str, float], ...] = (
    ("本科", "BSc", 60),
    ("硕士", "MSc", 28),
    ("博士", "PhD", 3),
    ("大专", "Diploma", 9),
)

# Seeded addresses use domains reserved for examples (RFC 2606): a demo that
# sends mail never reaches a real inbox.
EMAIL_DOMAINS: tuple[str, ...] = ("example.com", "example.net", "example.org")
CN_MOBILE_PREFIXES: tuple[str, ...] = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "155", "156", "157", "158", "159", "166", "177", "180", "181", "182", "183", "185",
    "186", "187", "188", "189", "199",
)  # fmt: skip

CAMPUS_SOURCES: tuple[tuple[str, float], ...] = (
    ("campus_site", 50),
    ("campus_talk", 25),
    ("wechat", 15),
    ("referral", 10),
)
EXPERIENCED_SOURCES: tuple[tuple[str, float], ...] = (
    ("careers_site", 35),
    ("job_board", 35),
    ("referral", 15),
    ("agency", 10),
    ("linkedin", 5),
)

# Dimension codes an AI interview scores, by job family; "job_fit" always.
OFFICE_DIMENSIONS: tuple[str, ...] = (
    "communication",
    "logical_thinking",
    "professional_skill",
    "learning_ability",
    "teamwork",
    "stress_tolerance",
)
PLANT_DIMENSIONS: tuple[str, ...] = (
    "safety_awareness",
    "hands_on_ability",
    "teamwork",
    "communication",
    "stress_tolerance",
)

# (department code, location code, title, channel, employment type, plant job?)
# The first one is the largest job. Department and location codes are those
# of hrflow.org.demo.
JOB_OPENINGS: tuple[tuple[str, str, str, str, str, bool], ...] = (
    ("backend", "sh-hq", "后端开发工程师", "campus", "full_time", False),
    ("backend", "sh-hq", "Java开发工程师", "experienced", "full_time", False),
    ("frontend", "sh-hq", "前端开发工程师", "campus", "full_time", False),
    ("frontend", "bj-office", "高级前端开发工程师", "experienced", "full_time", False),
    ("qa", "sh-hq", "测试开发工程师", "campus", "full_time", False),
    ("qa", "bj-office", "自动化测试工程师", "experienced", "full_time", False),
    ("plant-sz", "sz-plant", "设备工程师", "experienced", "full_time", True),
    ("plant-sz", "sz-plant", "生产管培生", "campus", "full_time", True),
    ("plant-sz", "sz-plant", "质量工程师", "experienced", "full_time", True),
    ("sales", "bj-office", "销售代表", "campus", "full_time", False),
    ("sales", "bj-office", "大客户经理", "experienced", "full_time", False),
    ("hr", "sh-hq", "招聘专员", "experienced", "full_time", False),
    ("hr", "sh-hq", "HR管培生", "campus", "full_time", False),
    ("backend", "bj-office", "Go开发工程师", "experienced", "full_time", False),
    ("backend", "bj-office", "算法工程师", "campus", "full_time", False),
    ("tech", "sh-hq", "数据分析师", "experienced", "full_time", False),
    ("ops", "sz-plant", "供应链计划专员", "experienced", "full_time", True),
    ("plant-sz", "sz-plant", "工艺工程师", "campus", "full_time", True),
    ("frontend", "sh-hq", "前端开发实习生", "campus", "internship", False),
    ("backend", "sh-hq", "运维开发工程师 SRE", "experienced", "full_time", False),
)
