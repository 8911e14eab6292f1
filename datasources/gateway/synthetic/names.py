"""Vietnamese names, drawn with realistic frequencies."""

from __future__ import annotations

import random
import unicodedata

FAMILY_NAMES = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4),
    ("Phan", 4), ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2),
    ("Ngô", 2), ("Dương", 1), ("Lý", 1),
)  # fmt: skip
MIDDLE_NAMES = {
    "male": ("Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân", "Trọng"),
    "female": ("Thị", "Ngọc", "Thu", "Thanh", "Mai", "Phương", "Thùy", "Kim", "Hồng"),
}
GIVEN_NAMES = {
    "male": ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong",
             "Quân", "Sơn", "Thắng", "Tuấn", "Việt", "Hoàng", "Đạt", "Huy", "Kiên", "Trung"),
    "female": ("Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Ly",
               "Nga", "Nhung", "Oanh", "Phượng", "Quỳnh", "Trang", "Tuyết", "Vân", "Yến", "Hoa"),
}  # fmt: skip


def family_name(rng: random.Random) -> str:
    names, weights = zip(*FAMILY_NAMES, strict=True)
    return rng.choices(names, weights=weights)[0]


def full_name(rng: random.Random, sex: str, family: str | None = None) -> str:
    family = family or family_name(rng)
    return f"{family} {rng.choice(MIDDLE_NAMES[sex])} {rng.choice(GIVEN_NAMES[sex])}"


def without_tone_marks(name: str) -> str:
    """A spelling variant as old paper registers have them: 'Nguyễn Văn Hùng' →
    'Nguyễn Văn Hung' (the tone mark of the given name lost)."""
    *rest, given = name.split(" ")
    decomposed = unicodedata.normalize("NFD", given)
    tone_marks = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    stripped = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tone_marks))
    if stripped == given:  # no tone mark to lose: double a letter instead
        stripped = given + given[-1]
    return " ".join([*rest, stripped])
