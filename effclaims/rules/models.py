"""Model names in a text, as written with their version and size: `Llama-2-70B`, `ViT-B/16`.

The engine uses them for the `model` context of a claim (which model a speedup is about);
sizes inside the names are claims of their own, found by the model-size rules, not here.

Families are data (`effclaims/data/models.toml`). A name is a family stem followed by any
number of parts: versions (`2`, `3.1`, `v1.5`, `4o`), sizes (`7B`, `125M`, `8x7B`, `A3B`)
and variant words (`-chat`, `-Instruct`, `-B/16`). One grammar for all families keeps new
releases (`Qwen3-30B-A3B`) recognised without touching the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..compiled import lazy
from ..datafiles import load_data
from ..substrings import Substrings, lower, matches_at
from .base import name_key

__all__ = ["ModelMention", "find_models"]


@dataclass(frozen=True)
class ModelMention:
    """One model name: `text[start:end]` is the name as written, `name` the same with its
    whitespace collapsed, `family` the family it belongs to (`Llama`, `ResNet`)."""

    start: int
    end: int
    name: str
    family: str
    rule: str


@dataclass(frozen=True)
class _Stem:
    family: str
    rule: str
    needs_suffix: bool


@dataclass(frozen=True)
class _Gazetteer:
    matcher: regex.Pattern[str]
    stems: dict[str, _Stem]
    #: the stems' first words, lower-cased: where a name can start
    openers: Substrings


_LEFT = r"(?<![A-Za-z0-9_])(?<![A-Za-z]-)"
_RIGHT = r"(?![A-Za-z0-9_])"
_SIZE = r"(?:\d+x\d+(?:\.\d+)?[BbMm]|A\d+(?:\.\d+)?[Bb]|\d+(?:\.\d+)?[BbMmKkTt])"
_VERSION = r"(?:[vV]?\d+(?:\.\d+)*[A-Za-z]{0,2})"
# A number after a space is a version only when it does not count something else.
_NOT_A_COUNT = r"(?!\s*(?:times|×|x\b|%|epochs?|layers?|steps?|hours?|days?|GPUs?|bits?|-bit))"


def _literal(word: str) -> str:
    return regex.escape(word).replace(r"\ ", r"\s+")


def _alternation(words: list[str]) -> str:
    """Longest first, so that `BLOOMZ` is tried before `BLOOM`; spaces match any whitespace."""
    return "|".join(_literal(w) for w in sorted(words, key=len, reverse=True))


_SCHEMA = {
    "variants": [str],
    "family": [
        {
            "id": str,
            "stems": [str],
            "family?": str,
            "case_sensitive?": bool,
            "needs_suffix?": bool,
        }
    ],
}


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """Load the TOML gazetteer and compile it, once per process."""
    data = load_data("models", _SCHEMA)
    stems: dict[str, _Stem] = {}
    branches: list[tuple[str, str]] = []
    for f in data["family"]:
        flag = "-i" if f.get("case_sensitive", False) else "i"
        for stem in f["stems"]:
            entry = _Stem(f.get("family", stem), f["id"], f.get("needs_suffix", False))
            if stems.setdefault(name_key(stem), entry).rule != entry.rule:
                raise ValueError(f"model gazetteer: stem {stem!r} is in two families")
            branches.append((stem, f"(?{flag}:{_literal(stem)})"))
    # longest first across families, so that `EVA-CLIP` is tried before `EVA`
    stem_regex = "|".join(b for _, b in sorted(branches, key=lambda b: len(b[0]), reverse=True))
    variants = data["variants"]
    words = [v for v in variants if len(v) > 1]
    # a variant joins after a hyphen or underscore, or after a space when capitalised
    variant = rf"(?i:{_alternation(variants)})(?:/?\d+)?"
    spaced = rf"(?=[A-Z])(?i:{_alternation(words)})"
    part = rf"(?:[\-_](?:{_SIZE}|{_VERSION}|{variant})|\s(?:{_SIZE}|{spaced}))"
    first = rf"(?:[\-_]?{_VERSION}|\s{_VERSION}{_NOT_A_COUNT})"
    # compiled where a stem first opens a word: most abstracts name no model
    matcher = lazy(rf"{_LEFT}(?P<stem>{stem_regex})(?P<tail>{first}?{part}{{0,8}}){_RIGHT}")
    # a stem's spaces match any whitespace, its hyphens only themselves: `U-Net` is keyed
    # `u-net`, not `u`
    openers = Substrings(stem.split()[0].lower() for stem, _ in branches)
    return _Gazetteer(matcher, stems, openers)


def find_models(text: str) -> list[ModelMention]:
    """Model names in `text`, in order and non-overlapping, each with all its suffixes."""
    g = _gazetteer()
    found = []
    for m in matches_at(g.matcher, text, g.openers.word_starts(text, lower(text))):
        stem = g.stems[name_key(m.group("stem"))]
        if stem.needs_suffix and not m.group("tail"):
            continue
        found.append(
            ModelMention(m.start(), m.end(), " ".join(m.group().split()), stem.family, stem.rule)
        )
    return found
