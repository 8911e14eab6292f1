"""Django's {# #} comment ends at the end of its line: one spanning lines is
printed on the page as text. Longer comments use {% comment %}."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ONE_LINE_COMMENT = re.compile(r"\{#(.*?)#\}", re.S)


def _templates() -> list[Path]:
    return [path for path in ROOT.rglob("*.html")
            if not {".venv", "node_modules", "staticfiles"} & set(path.parts)]  # fmt: skip


def test_no_template_spreads_a_one_line_comment_over_lines():
    spread = [
        f"{path.relative_to(ROOT)}:{text[: found.start()].count(chr(10)) + 1}"
        for path in _templates()
        for text in [path.read_text(encoding="utf-8")]
        for found in ONE_LINE_COMMENT.finditer(text)
        if "\n" in found.group(1)
    ]
    assert _templates() and spread == []


def test_the_demo_vneid_page_shows_no_template_comment(client):
    page = client.get("/vneid/authorize").content.decode()

    assert "{#" not in page and "#}" not in page
