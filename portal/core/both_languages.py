"""Values put into a "Vietnamese. English." message, each half in its own
language: a status named inside a refusal reads "Bản nháp" in the Vietnamese
half and "Draft" in the English one, whichever language the reader chose."""

from __future__ import annotations

from django.db import models
from django.utils.translation import override


def choice_in_both_languages(choices: type[models.Choices], value: str, name: str) -> dict:
    """{"<name>_vi": label in Vietnamese, "<name>_en": label in English} of
    `value` among `choices`, for a message with both placeholders."""
    label = choices(value).label
    named = {}
    for language in ("vi", "en"):
        with override(language):
            named[f"{name}_{language}"] = str(label)
    return named
