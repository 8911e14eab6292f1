"""How the dossier APIs answer a domain error: a model's own checks, whose
messages Django writes in the reader's language, in Vietnamese and English."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import override

from dossiers.api_errors import refusal_from


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_models_own_check_is_refused_in_both_languages(language):
    with pytest.raises(ValidationError) as checked:
        MaxLengthValidator(3)("Hải Phòng")
    with override("vi"):
        vietnamese = checked.value.messages[0]
    english = "Ensure this value has at most 3 characters (it has 9)."

    with override(language):
        refusal = refusal_from(checked.value)

    assert vietnamese != english
    assert refusal.status_code == 400
    assert refusal.detail["detail"] == f"{vietnamese} {english}"
