"""Chinese heading numbers (一、 （一） 1. （1）), always derived from position, never typed by authors."""

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (plans never have a hundred sections)."""
    if not 0 < n < 100:
        raise ValueError(f"cannot number item {n} in Chinese")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + ("" if ones == 0 else _DIGITS[ones])


def level1(n: int) -> str:
    return f"{chinese_number(n)}、"


def level2(n: int) -> str:
    return f"（{chinese_number(n)}）"
