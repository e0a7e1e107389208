"""Finding people by pinyin: initials (zs → 张三) and full pinyin (zhangsan), with polyphonic
surnames read as surnames (单 shàn, 曾 zēng, 解 xiè …)."""

from __future__ import annotations

from functools import lru_cache

#: Surnames whose reading as a surname differs from the common reading pypinyin gives.
SURNAMES = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou", "查": "zha", "覃": "qin",
    "翟": "zhai", "乐": "yue", "盖": "ge", "缪": "miao", "召": "shao", "种": "chong", "折": "she", "员": "yun",
    "繁": "po", "黑": "he", "重": "chong", "秘": "bi", "句": "gou", "尉": "yu", "纪": "ji", "任": "ren",
    "沈": "shen", "燕": "yan", "宁": "ning", "华": "hua", "冼": "xian", "过": "guo", "藏": "zang", "卜": "bu",
    "蔚": "yu", "万俟": "moqi", "尉迟": "yuchi", "长孙": "zhangsun",
}


@lru_cache(maxsize=50_000)
def keys(name: str) -> tuple[str, str]:
    """(initials, full pinyin) of a Chinese name, lower case, no spaces ("zs", "zhangsan")."""
    from pypinyin import Style, lazy_pinyin  # loaded on the first search

    name = "".join(name.split())
    head = ""
    for surname in sorted(SURNAMES, key=len, reverse=True):
        if name.startswith(surname):
            head, name = SURNAMES[surname], name[len(surname):]
            break
    syllables = ([head] if head else []) + [s.lower() for s in lazy_pinyin(name, style=Style.NORMAL,
                                                                         errors="ignore")]
    return "".join(s[0] for s in syllables if s), "".join(syllables)


def matches(needle: str, name: str) -> bool:
    """Whether ``needle`` (latin letters) is in the name's initials or full pinyin."""
    needle = "".join(needle.split()).lower()
    if not needle or not needle.isascii() or not needle.isalpha():
        return False
    initials, full = keys(name)
    return needle in initials or needle in full
