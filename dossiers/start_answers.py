"""What the start step read from a source to offer the applicant a choice (the
children of their household, the enterprises they legally represent), kept in
the session a short while under the source's name: a reload of the start page,
another province, a second "my child" or the form shown again with an error
shows it without reading (and logging) the source again. The read is logged
once, when the applicant asked. Only what the page shows is kept; nothing is
kept when the source could not be read; all is dropped once the dossier starts."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from django.http import HttpRequest

KEPT_SECONDS = 600
SESSION_KEY = "start_answers"


def start_answer(
    request: HttpRequest, *, source: str, read: Callable[[], list[dict] | None],
    shown: Iterable[str],
) -> list[dict] | None:  # fmt: skip
    """The rows `read` returns from `source` (only their `shown` fields), as kept
    from this applicant's last read if it is recent, else read now (logged);
    None when the source cannot be read now, and then the next ask reads again."""
    answers = dict(request.session.get(SESSION_KEY) or {})
    kept = answers.get(source)
    now = time.time()
    if kept and kept.get("user") == request.user.pk and 0 <= now - kept["at"] < KEPT_SECONDS:
        return kept["rows"]
    rows = read()
    if rows is None:
        if answers.pop(source, None) is not None:  # an old answer is not kept either
            request.session[SESSION_KEY] = answers
        return None
    shown = tuple(shown)
    rows = [{name: row.get(name, "") for name in shown} for row in rows]
    answers[source] = {"user": request.user.pk, "at": now, "rows": rows}
    request.session[SESSION_KEY] = answers
    return rows


def start_answers_drop(request: HttpRequest) -> None:
    """Forget what the start step kept: the dossier has started."""
    request.session.pop(SESSION_KEY, None)
