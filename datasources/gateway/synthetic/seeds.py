"""Deterministic randomness: the same personal ID always gives the same draws."""

from __future__ import annotations

import hashlib
import random


def rng_for(personal_id: str, topic: str) -> random.Random:
    digest = hashlib.sha256(f"{personal_id}:{topic}".encode()).hexdigest()
    return random.Random(int(digest[:16], 16))


def bucket(personal_id: str, topic: str, size: int = 1000) -> int:
    """A stable number in [0, size) for this person and topic (used for defect shares)."""
    digest = hashlib.sha256(f"{personal_id}:{topic}".encode()).hexdigest()
    return int(digest[:8], 16) % size
