"""ACLED vocabularies (event types, sub-event types, disorder types, actor types, interaction codes).

The values live in ``data/vocabularies.json``; this module loads them once and answers questions about them.
"""
from __future__ import annotations

import attrs

from conflictdata._resources import load_json, once


@attrs.frozen
class Vocabulary:
    """The ACLED vocabularies, loaded from ``data/vocabularies.json``."""

    event_types: tuple[str, ...]
    """The six event types in ACLED's hierarchy order (higher first)."""
    sub_event_types: dict[str, str]
    """sub_event_type -> its event_type."""
    disorder_of_sub_event: dict[str, str]
    """sub_event_type -> its disorder_type."""
    disorder_types: tuple[str, ...]
    actor_type_codes: dict[str, int]
    """actor type label ("State forces") -> inter code (1)."""
    civilian_targeting: tuple[str, ...]
    time_precision: dict[int, str]
    geo_precision: dict[int, str]
    source_scale: tuple[str, ...]

    @property
    def actor_type_labels(self) -> dict[int, str]:
        return {code: label for label, code in self.actor_type_codes.items()}

    def sub_event_types_of(self, event_type: str) -> tuple[str, ...]:
        return tuple(s for s, e in self.sub_event_types.items() if e == event_type)

    def event_type_rank(self, event_type: str) -> int:
        """0 for the highest type in ACLED's hierarchy (Battles); larger is lower."""
        return self.event_types.index(event_type)

    def interaction(self, inter1: str | int | None, inter2: str | int | None) -> tuple[str, int]:
        """The interaction of two actor types as (text, numeric code), independent of actor order.

        >>> get_vocabulary().interaction("External/Other forces", "State forces")
        ('State forces-External/Other forces', 18)
        >>> get_vocabulary().interaction("External/Other forces", "")
        ('External/Other forces only', 80)
        """
        codes = sorted(c for c in (self._code(inter1), self._code(inter2)) if c)
        labels = self.actor_type_labels
        if not codes:
            return "", 0
        if len(codes) == 1:
            return f"{labels[codes[0]]} only", codes[0] * 10
        # ACLED's text puts Civilians last even against External/Other forces (78: "External/Other forces-Civilians")
        first, second = sorted(codes, key=lambda c: 8.5 if c == 7 else c)
        return f"{labels[first]}-{labels[second]}", codes[0] * 10 + codes[1]

    def _code(self, inter: str | int | None) -> int:
        if inter in (None, "", 0, "0"):
            return 0
        if isinstance(inter, int) or (isinstance(inter, str) and inter.isdigit()):
            code = int(inter)
            if code not in self.actor_type_labels:
                raise ValueError(f"unknown inter code {inter!r}")
            return code
        if inter not in self.actor_type_codes:
            raise ValueError(f"unknown actor type {inter!r}")
        return self.actor_type_codes[inter]

    def actor_type_label(self, inter: str | int | None) -> str:
        """The text label of an actor type given as label or numeric code ('' for none)."""
        code = self._code(inter)
        return self.actor_type_labels[code] if code else ""

    def interaction_from_code(self, code: int | str) -> str:
        """The text form of a numeric interaction code (18 -> 'State forces-External/Other forces')."""
        code = int(code)
        first, second = divmod(code, 10)
        return self.interaction(first, second)[0] if code else ""


@once
def get_vocabulary() -> Vocabulary:
    """The ACLED vocabularies (loaded on first call, then cached)."""
    raw = load_json("vocabularies.json")
    sub_to_event: dict[str, str] = {}
    sub_to_disorder: dict[str, str] = {}
    for entry in raw["event_types"]:
        for sub in entry["sub_event_types"]:
            sub_to_event[sub["sub_event_type"]] = entry["event_type"]
            sub_to_disorder[sub["sub_event_type"]] = sub["disorder_type"]
    return Vocabulary(
        event_types=tuple(e["event_type"] for e in raw["event_types"]),
        sub_event_types=sub_to_event,
        disorder_of_sub_event=sub_to_disorder,
        disorder_types=tuple(raw["disorder_types"]),
        actor_type_codes={a["label"]: a["code"] for a in raw["actor_types"]},
        civilian_targeting=tuple(raw["civilian_targeting"]),
        time_precision={int(k): v for k, v in raw["time_precision"].items()},
        geo_precision={int(k): v for k, v in raw["geo_precision"].items()},
        source_scale=tuple(raw["source_scale"]),
    )
