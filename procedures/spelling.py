"""Near-miss spellings of catalog words, so that search forgives a typo where
the database has no trigram matching (the embedded SQLite).

Candidates come from a symmetric-deletion index ("sihn" and "sinh" both lose
an "h" to "sin") and are kept when the optimal-string-alignment distance is 1:
one swapped, missing, extra or wrong letter per word. Two-letter words only
take a different last letter ("ki" → "ky": kí and ký are both written)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

WORD = re.compile(r"[a-z0-9]+")
# A misspelt word is replaced by at most this many catalog words, the most
# frequent first: enough for real typos, bounded for the SQL it becomes.
MAX_CANDIDATES = 12


# Vietnamese writes a closing i or y after these either way: kí/ký, lí/lý,
# mĩ/mỹ, tỉ/tỷ, sĩ/sỹ, hi/hy sinh, qui/quy định.
_I_OR_Y_AFTER = frozenset({"k", "l", "m", "t", "s", "h", "qu"})


def words_of(folded: str) -> list[str]:
    """The words of a folded text: runs of letters and digits."""
    return WORD.findall(folded)


def spellings(word: str) -> list[str]:
    """The word as typed, then its other accepted spelling if it has one."""
    if word[:-1] in _I_OR_Y_AFTER and word[-1] in "iy":
        return [word, word[:-1] + ("y" if word[-1] == "i" else "i")]
    return [word]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _osa_distance(a: str, b: str) -> int:
    """Edit distance counting a swap of neighbours as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


class Vocabulary:
    """The words of the catalog's search documents, with how many documents use each."""

    def __init__(self, documents: Iterable[str]) -> None:
        self.frequency: Counter[str] = Counter()
        for document in documents:
            self.frequency.update(set(words_of(document)))
        self._by_key: dict[str, set[str]] = {}
        for word in self.frequency:
            for key in (word, *_deletions(word)):
                self._by_key.setdefault(key, set()).add(word)

    def __contains__(self, word: str) -> bool:
        return word in self.frequency

    def near(self, word: str) -> list[str]:
        """The catalog words one edit from `word` (itself included if known),
        the most frequent first."""
        found: set[str] = set()
        for key in (word, *_deletions(word)):
            found |= self._by_key.get(key, set())
        if len(word) < 3:
            found = {c for c in found if len(c) == len(word) and c[0] == word[0]}
        close = [c for c in found if c == word or _osa_distance(word, c) <= 1]
        close.sort(key=lambda c: (c != word, -self.frequency[c], c))
        return close[:MAX_CANDIDATES]
