"""An amount of đồng in words, as Vietnamese receipts and payment orders state
it beside the digits ("Số tiền bằng chữ"): 'Năm mươi nghìn đồng chẵn'.

Written out here rather than with num2words, whose Vietnamese drops the empty
hundreds of an inner group: it reads 1.005.000 as 'một triệu năm nghìn', where
a receipt reads 'một triệu không trăm linh năm nghìn'."""

from __future__ import annotations

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Groups of three digits, lowest first; past tỷ the words repeat ('một nghìn tỷ').
_GROUPS = ("", "nghìn", "triệu")
_BILLION = 1_000_000_000


def vnd_in_words(amount: int) -> str:
    """'Không đồng', 'Một trăm linh năm đồng', 'Năm mươi nghìn đồng chẵn': a whole
    number of thousands is said to be 'chẵn' (even). Raises ValueError below zero."""
    if amount < 0:
        raise ValueError(f"An amount in words cannot be negative: {amount}.")
    words = _number(amount, leading=True) if amount else _DIGITS[0]
    even = amount > 0 and amount % 1000 == 0
    text = f"{words} đồng{' chẵn' if even else ''}"
    return text[0].upper() + text[1:]


def _number(value: int, *, leading: bool) -> str:
    """The words of a positive number; `leading` when nothing is said before it,
    so that its first group drops the hundreds and tens it does not have."""
    if value >= _BILLION:
        billions, rest = divmod(value, _BILLION)
        words = f"{_number(billions, leading=leading)} tỷ"
        return f"{words} {_number(rest, leading=False)}" if rest else words
    groups = []
    while value:
        value, group = divmod(value, 1000)
        groups.append(group)
    said: list[str] = []
    for position in range(len(groups) - 1, -1, -1):
        group = groups[position]
        if not group:
            continue  # an empty group is not said: 'một triệu không trăm linh năm'
        first = leading and position == len(groups) - 1
        said.append(_group(group, full=not first))
        if _GROUPS[position]:
            said.append(_GROUPS[position])
    return " ".join(said)


def _group(value: int, *, full: bool) -> str:
    """One group of three digits (1 to 999); `full` after a larger group, where
    its hundreds are said even when there are none: 'không trăm linh năm'."""
    hundreds, tens, units = value // 100, value // 10 % 10, value % 10
    words = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += ["linh", _DIGITS[units]] if words else [_DIGITS[units]]
        return " ".join(words)
    words += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")  # hai mươi mốt, but mười một
    elif units == 5:
        words.append("lăm")  # mười lăm, hai mươi lăm
    elif units:
        words.append(_DIGITS[units])  # hai mươi bốn: 'tư' is spoken, receipts write 'bốn'
    return " ".join(words)
