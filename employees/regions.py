"""Which province a city's rules fall back to.

Some legal numbers are set by a city (Shenzhen's social insurance bases, its minimum
wage), others by its province (Guangdong's marriage and maternity leave). A work
location names the narrowest rules region it is in; a rule the city does not set is
read from its province, then from the national rules. Beijing, Shanghai, Tianjin and
Chongqing are province-level cities and have no parent. This is geography, not law:
it changes when a city changes province, which it does not.
"""

PROVINCE_OF_CITY = {
    "shenzhen": "guangdong",
    "guangzhou": "guangdong",
    "dongguan": "guangdong",
    "foshan": "guangdong",
    "zhuhai": "guangdong",
    "suzhou": "jiangsu",
    "nanjing": "jiangsu",
    "wuxi": "jiangsu",
    "hangzhou": "zhejiang",
    "ningbo": "zhejiang",
    "chengdu": "sichuan",
    "wuhan": "hubei",
    "xian": "shaanxi",
    "qingdao": "shandong",
    "jinan": "shandong",
    "xiamen": "fujian",
    "changsha": "hunan",
    "hefei": "anhui",
    "zhengzhou": "henan",
    "shenyang": "liaoning",
    "dalian": "liaoning",
}


def regions_from_narrowest(region: str) -> list[str]:
    """`region`, its province if it is a city, then "" (the national rules)."""
    chain = [region] if region else []
    parent = PROVINCE_OF_CITY.get(region)
    if parent:
        chain.append(parent)
    return [*chain, ""]
