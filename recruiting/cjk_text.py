"""Text read from a file, made searchable: one code point per Chinese character.

A PDF's text comes from its fonts' maps back to Unicode, and many CJK fonts
draw 工 and the Kangxi radical ⼯ (U+2F2F) with one glyph; the PDF writer then
often records the radical, so the extracted 工作经历 is really ⼯作经历 and no
search for 工作经历 finds it. NFKC maps the Kangxi radicals block
(U+2F00-U+2FDF), the CJK compatibility ideographs (U+F900-U+FAFF) and
full-width Latin letters, digits and punctuation to the ordinary characters.

NFKC leaves the CJK Radicals Supplement (U+2E80-U+2EFF) alone: Unicode gives
those radicals no decomposition, only an "equivalent unified ideograph"
(EquivalentUnifiedIdeograph.txt). RADICALS_SUPPLEMENT below is that mapping for
the radicals that PDF writers put in place of whole characters in simplified
Chinese text (⻓ for 长, ⻔ for 门, ⻢ for 马, ...), and for the common
components a font may draw alone (⺅ 亻, ⻌ 辶).
"""

import unicodedata

RADICALS_SUPPLEMENT = str.maketrans(
    {
        "\u2e81": "厂",
        "\u2e85": "亻",
        "\u2e86": "冂",
        "\u2e89": "刂",
        "\u2e92": "巳",
        "\u2e93": "幺",
        "\u2e96": "忄",
        "\u2e98": "扌",
        "\u2e99": "攵",
        "\u2e9d": "月",
        "\u2e9f": "母",
        "\u2ea0": "民",
        "\u2ea1": "氵",
        "\u2ea3": "灬",
        "\u2ea6": "丬",
        "\u2ea8": "犭",
        "\u2ea9": "王",
        "\u2eab": "罒",
        "\u2eac": "示",
        "\u2ead": "礻",
        "\u2eae": "竹",
        "\u2eaf": "糸",
        "\u2eb0": "纟",
        "\u2eb2": "罒",
        "\u2eb6": "羊",
        "\u2eb9": "耂",
        "\u2ebb": "聿",
        "\u2ebd": "臼",
        "\u2ebe": "艹",
        "\u2ec1": "虎",
        "\u2ec2": "衤",
        "\u2ec4": "西",
        "\u2ec5": "见",
        "\u2ec6": "角",
        "\u2ec7": "角",
        "\u2ec8": "讠",
        "\u2ec9": "贝",
        "\u2eca": "足",
        "\u2ecb": "车",
        "\u2ecc": "辶",
        "\u2ecd": "辶",
        "\u2ecf": "阝",
        "\u2ed0": "钅",
        "\u2ed1": "長",
        "\u2ed3": "长",
        "\u2ed4": "门",
        "\u2ed6": "阝",
        "\u2ed7": "雨",
        "\u2ed8": "青",
        "\u2ed9": "韦",
        "\u2eda": "页",
        "\u2edb": "风",
        "\u2edc": "飞",
        "\u2edd": "食",
        "\u2ee0": "饣",
        "\u2ee1": "首",
        "\u2ee2": "马",
        "\u2ee3": "骨",
        "\u2ee4": "鬼",
        "\u2ee5": "鱼",
        "\u2ee6": "鸟",
        "\u2ee7": "卤",
        "\u2ee8": "麦",
        "\u2ee9": "黄",
        "\u2eea": "黾",
        "\u2eec": "齐",
        "\u2eee": "齿",
        "\u2ef0": "龙",
        "\u2ef3": "龟",
    }
)


def normalize_cjk(text: str) -> str:
    """NFKC, then the radicals NFKC does not map: 简历 text as people type it."""
    return unicodedata.normalize("NFKC", text).translate(RADICALS_SUPPLEMENT)
