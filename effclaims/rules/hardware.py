"""Named hardware in a text: GPUs, TPUs, SoCs, phones, boards, CPUs, accelerators, FPGAs, supercomputers.

The products live in `effclaims/data/hardware.toml` (see its header for the format), so that
adding a chip is a data change. Everything is compiled into one regular expression: the
literal names as a character trie (a plain alternation of a thousand names is several times
slower to scan), the numbered product lines as patterns, all under POSIX leftmost-longest
semantics so that `Snapdragon 8 Gen 2` beats `Snapdragon` whichever branch comes first.

Each match is then judged in context: ambiguous names (`Ada`, `L4`, `Frontier`, a bare
`3090`) need a cue, and a few look-alikes are vetoed (`Frontier AI models`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

from ..substrings import LOWER_LETTERS, WORD_CHARS, Substrings, lower, matches_at
from .base import SEPARATORS, name_key

__all__ = ["HardwareMention", "find_hardware"]


@dataclass(frozen=True)
class HardwareMention:
    """One hardware name: `text[start:end]` is the name as written (vendor and trailing
    `GPU`/`chip` included, a leading count excluded); `name` is its canonical form."""

    start: int
    end: int
    name: str
    category: str
    rule: str


@dataclass(frozen=True)
class _Family:
    id: str
    category: str
    vendors: frozenset[str]
    base: frozenset[str]
    cue_before: regex.Pattern[str] | None
    cue_after: regex.Pattern[str] | None
    veto_before: regex.Pattern[str] | None
    veto_after: regex.Pattern[str] | None


@dataclass(frozen=True)
class _Entry:
    """What a literal name or a pattern stands for: a canonical name or a name template."""

    family: _Family
    name: str
    cue: bool


@dataclass(frozen=True)
class _Gazetteer:
    matcher: regex.Pattern[str]
    #: every string a match can open with in any case (lower-cased), found in one pass
    #: over a text lower-cased
    openers: Substrings
    #: the spellings of the openers that only case-sensitive names open with (`Arc`, `MI`),
    #: found as written: lower-cased, they occur inside most words (`architecture`, `mixed`)
    cased_openers: Substrings
    #: what may follow an opener (`_Follow`); openers not listed may be followed by anything
    follow: dict[str, _Follow]
    #: the patterns without a stem, which open with digits
    stemless: regex.Pattern[str] | None
    literals: dict[str, _Entry]
    #: per pattern: its entry, its position in `Match.groups()` and those of its fields
    patterns: tuple[tuple[_Entry, int, tuple[tuple[str, int], ...]], ...]
    case: dict[str, str]
    strong_head: regex.Pattern[str]


@dataclass
class _Follow:
    """What may come right after an opener that is a whole first segment of names.

    `glued` holds the first letters of the segments that may follow it, with or without
    a space or hyphen between (`Arc A770`, `ArcA770`), in the cases the matcher takes
    (`GPU memory` is not `GPU Max`); `ends` says that a literal name or
    a vendor is that one segment, so that anything but a letter may follow (a space, a
    digit of a memory size, `'s`), or the `s` of a plural. An opener inside a longer word
    (`architecture` for `Arc`, `dataset` for `Data Center GPU Max`) is then not tried.
    """

    glued: set[str] = field(default_factory=set)
    ends: bool = False

    def allows(self, text: str, low: str, end: int) -> bool:
        """Whether a name can go on after an opener that ends at `end` of `text` (`low`
        lower-cased)."""
        n = len(low)
        if end >= n:
            return self.ends
        if self.ends and (low[end] not in LOWER_LETTERS or low[end] == "s"):
            return True
        gap = end
        while gap < n and gap - end < 3 and (low[gap] == "-" or low[gap].isspace()):
            gap += 1
        return gap < n and text[gap] in self.glued


@dataclass
class _Candidate:
    start: int
    end: int
    name: str
    entry: _Entry
    accepted: bool


_SEP = " "  # the trie's symbol for "space, hyphen or nothing"
_SEP_RE = r"[\s\-]{0,3}"
_LEFT = r"(?:(?<![A-Za-z0-9_])(?<![A-Za-z]-)|(?<=\d\s?(?:[x×]|times)))"
_RIGHT = r"(?![A-Za-z0-9_])"
_SUFFIX = (
    r"(?:[\s\-]{0,2}\(?\d{1,3}\s?[Gg][Bb]?\)?(?![A-Za-z0-9])"
    r"|[\s\-]{1,2}(?i:SXM\d?|SMX\d?|PCIe|NVL\d{0,3}|HBM\dE?|Laptop|Mobile|Max-Q)(?![A-Za-z0-9])"
    r"|(?<=[vV]\d[a-z]?)-\d{1,4}(?![A-Za-z0-9.]))*"
)
_LIST_GAP = regex.compile(
    r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|vs\.?|versus|to)\s+|\s*/\s*|\s*\(\s*"
    r"|\s*\)\s*,?\s*(?:and\s+|or\s+)?)"
)
_REFERENCE = regex.compile(
    r"\b(?:Table|Tab\.|Figure|Fig\.|Appendix|Section|Sec\.|Eq\.|Equation)\s*$"
)
_SENTENCE_END = regex.compile(r"[.!?]\s+(?=\S)")
_WORD = regex.compile(r"[^\W_]+")
_OPTIONAL = regex.compile(r"\[([^\[\]]*)\]")
_PLACEHOLDER = regex.compile(r"\{(\w+)(?:\|(\w+))?\}")
_GROUP = regex.compile(r"\(\?P<(\w+)>")
_WINDOW = 80


def _follows(words: list[tuple[str, bool, str | None]]) -> dict[str, _Follow]:
    """What may follow each opener that is a whole first segment, from the names, stems
    and vendors (`words`: each with whether it is case-sensitive and the pattern tail that
    comes right after it, if any)."""
    follow: dict[str, _Follow] = {}
    anything: set[str] = set()
    for word, case_sensitive, tail in words:
        segments = [w for w in SEPARATORS.split(word.strip()) if w]
        first = segments[0].lower()
        if len(first) == 1 and first.isalpha():
            continue  # keyed with a digit of the segment: the segment goes on after it
        if len(segments) == 1 and tail is not None:
            anything.add(first)  # a pattern's tail: what follows is the regex's business
            continue
        entry = follow.setdefault(first, _Follow())
        if len(segments) > 1:
            glued = segments[1][0]
            entry.glued.update({glued} if case_sensitive else {glued.lower(), glued.upper()})
        else:
            entry.ends = True
    return {key: f for key, f in follow.items() if key not in anything}


def _openers(word: str) -> set[str]:
    """The strings that every spelling of `word` starts with, cased as in `word`.

    That is its first segment up to a space or hyphen (which the matcher lets go
    missing, so `TPU v4` opens with `TPU`, as `TPUv4` does). A one-letter segment is a
    stem followed by a digit (`A17 Bionic`, `M2 Pro`): it opens with each digit after it,
    or every `a` and `i` in a text would be a place to try.
    """
    first = SEPARATORS.split(word.strip())[0]
    if len(first) == 1 and first.isalpha():
        return {first + d for d in "0123456789"}
    return {first}


def _cased(words: list[tuple[str, bool, str | None]]) -> frozenset[str]:
    """The spellings of the openers that only case-sensitive words open with (`words`: each
    with whether it is, and a pattern tail that does not matter here).

    Where the text does not spell such an opener so (`architecture` for `Arc`, `million`
    for `MI`), no name can start, and the matcher need not be tried. The spellings must be
    ASCII, whose letters lower-case one by one, so that where the text spells one, its
    lower-cased text has the opener.
    """
    spellings: set[str] = set()
    anycase: set[str] = set()
    for word, case_sensitive, _ in words:
        for opener in _openers(word):
            if case_sensitive:
                spellings.add(opener)
            else:
                anycase.add(opener.lower())
    cased = frozenset(s for s in spellings if s.lower() not in anycase)
    if not all(s.isascii() for s in cased):
        raise ValueError(
            f"hardware gazetteer: a case-sensitive opener is not ASCII: {sorted(cased)}"
        )
    return cased


def _trie_regex(words: list[tuple[str, bool, str | None]]) -> str:
    """One regex for many literal names, sharing prefixes so that the scan stays fast.

    Each word is (text, case_sensitive, tail): a tail is the rest of a pattern whose literal
    stem is the text, so patterns are only tried where their stem matched. Spaces and
    hyphens become an optional separator; case-insensitive letters a `[Xx]` class.
    """
    root: dict[Any, Any] = {}
    for word, case_sensitive, tail in words:
        node = root
        for char in SEPARATORS.sub(_SEP, word):
            if char == _SEP:
                key: tuple[str, bool | None] = (_SEP, None)
            elif char.isalpha():
                key = (char, True) if case_sensitive else (char.lower(), False)
            else:
                key = (char, None)
            node = node.setdefault(key, {})
        if tail is None:
            node[""] = True
        else:
            node.setdefault(None, []).append(tail)

    def emit(node: dict[Any, Any]) -> str:
        branches = []
        children = sorted((k, v) for k, v in node.items() if isinstance(k, tuple))
        for (char, case_sensitive), child in children:
            if char == _SEP:
                head = _SEP_RE
            elif case_sensitive is False and char.upper() != char:
                head = f"[{regex.escape(char.upper())}{regex.escape(char)}]"
            else:
                head = regex.escape(char)
            branches.append(head + emit(child))
        branches += node.get(None, [])
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _compile_optional(pattern: str | None) -> regex.Pattern[str] | None:
    return regex.compile(pattern) if pattern else None


def _words_regex(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """Load the TOML gazetteer and compile it, once per process."""
    data = tomllib.loads(
        resources.files("effclaims.data").joinpath("hardware.toml").read_text("utf-8")
    )
    prefixes = set(data["prefixes"])
    literals: dict[str, _Entry] = {}
    words: list[tuple[str, bool, str | None]] = []
    patterns: dict[str, _Entry] = {}
    stemless: list[str] = []
    for f in data["family"]:
        prefixes.update(f.get("vendors", []))
        family = _Family(
            id=f["id"],
            category=f["category"],
            vendors=frozenset(v.lower() for v in f.get("vendors", [])),
            base=frozenset(f.get("base", [])),
            cue_before=_compile_optional(f.get("cue_before")),
            cue_after=_compile_optional(f.get("cue_after")),
            veto_before=_compile_optional(f.get("veto_before")),
            veto_after=_compile_optional(f.get("veto_after")),
        )
        case_sensitive = f.get("case_sensitive", False)
        spellings = [(n, n, False) for n in f.get("names", [])]
        spellings += [(n, n, True) for n in f.get("cue_names", [])]
        spellings += [(a, n, False) for a, n in f.get("aliases", {}).items()]
        spellings += [(a, n, True) for a, n in f.get("cue_aliases", {}).items()]
        for spelling, name, cue in spellings:
            entry = _Entry(family, name, cue)
            known = literals.setdefault(name_key(spelling), entry)
            if known != entry:
                raise ValueError(
                    f"hardware gazetteer: {spelling!r} is both {known.name} and {name}"
                )
            words.append((spelling, case_sensitive, None))
        for p in f.get("patterns", []):
            group = f"p{len(patterns)}"
            body = _GROUP.sub(lambda m, g=group: f"(?P<{g}_{m.group(1)}>", p["regex"])
            flag = "-i" if p.get("cs", case_sensitive) else "i"
            tail = f"(?P<{group}>(?{flag}:{body}))"
            patterns[group] = _Entry(family, p["name"], p.get("cue", False))
            stems = p.get("stem", [])
            for stem in [stems] if isinstance(stems, str) else stems:
                words.append((stem, p.get("cs", case_sensitive), tail))
            if not stems:
                stemless.append(tail)
    vendors = [(p, False, None) for p in prefixes]
    names = vendors + words  # everything a match can open with
    keys = {o.lower() for word, _, _ in names for o in _openers(word)}
    numbers = regex.compile("|".join(stemless)) if stemless else None
    if numbers:  # stemless patterns open with two digits: those that can go on to a match
        keys.update(d for n in range(100) if numbers.match(d := f"{n:02d}", partial=True))
    vendor = _trie_regex(vendors) + r"(?:['’]s|\((?:R|TM)\))?[\s\-]{1,3}"
    heads = _words_regex(data["heads_strong"] + data["heads_weak"]).replace(" ", r"\s+")
    core = "|".join([f"(?P<lit>{_trie_regex(words)})", *stemless])
    matcher = regex.compile(
        rf"(?p){_LEFT}(?P<pre>(?:{vendor}){{0,3}})(?:{core})(?:(?<=[A-Z0-9])s)?(?P<suf>{_SUFFIX})"
        rf"(?P<head>(?:\s{{1,3}}|-)(?i:{heads}))?{_RIGHT}"
    )
    strong = _words_regex(data["heads_strong"]).replace(" ", r"\s+")
    index = {name: i - 1 for name, i in matcher.groupindex.items()}
    compiled = tuple(
        (
            entry,
            index[group],
            tuple((k[len(group) + 1 :], i) for k, i in index.items() if k.startswith(group + "_")),
        )
        for group, entry in patterns.items()
    )
    cased = _cased(names)
    return _Gazetteer(
        matcher=matcher,
        openers=Substrings(keys - {s.lower() for s in cased}),
        cased_openers=Substrings(cased),
        follow=_follows(names),
        stemless=numbers,
        literals=literals,
        patterns=compiled,
        case=data["case"],
        strong_head=regex.compile(rf"\s*-?(?i:{strong})"),
    )


def _render(template: str, groups: dict[str, str | None], case: dict[str, str]) -> str:
    """Fill a name template: `{g}` re-cased through `case`, `{g|upper}`, `[...]` if present."""

    def value(m: regex.Match[str]) -> str:
        text = groups.get(m.group(1)) or ""
        tokens = [t for t in SEPARATORS.split(text) if t]
        if m.group(2) == "upper":
            return " ".join(t.upper() for t in tokens)
        return " ".join(case.get(t.lower(), t) for t in tokens)

    def optional(m: regex.Match[str]) -> str:
        inner = m.group(1)
        if all(groups.get(name) for name, _ in _PLACEHOLDER.findall(inner)):
            return _PLACEHOLDER.sub(value, inner)
        return ""

    return " ".join(_PLACEHOLDER.sub(value, _OPTIONAL.sub(optional, template)).split())


def _before(text: str, start: int) -> str:
    """The text of the same sentence up to `start`, at most `_WINDOW` characters."""
    window = text[max(0, start - _WINDOW) : start]
    ends = list(_SENTENCE_END.finditer(window))
    return window[ends[-1].end() :] if ends else window


def _candidate(m: regex.Match[str], text: str, g: _Gazetteer) -> _Candidate | None:
    """Turn one regex match into a candidate mention, or None when vetoed."""
    groups = m.groups()
    pattern = next((p for p in g.patterns if groups[p[1]] is not None), None)
    if pattern is None:
        # a vendor word may also open an alias ("Coral TPU"): the alias wins
        entry = (
            g.literals.get(name_key(m.group("pre") + m.group("lit")))
            or g.literals[name_key(m.group("lit"))]
        )
        name = entry.name
    else:
        entry, _, fields = pattern
        name = _render(entry.name, {k: groups[i] for k, i in fields}, g.case)
    family = entry.family
    before, after = _before(text, m.start()), text[m.end() : m.end() + _WINDOW]
    if _REFERENCE.search(before):
        return None
    if family.veto_before and family.veto_before.search(before):
        return None
    if family.veto_after and family.veto_after.match(after):
        return None
    accepted = not entry.cue
    if not accepted:
        vendors = {w.lower() for w in _WORD.findall(m.group("pre"))}
        head = m.group("head") or ""
        accepted = bool(
            vendors & family.vendors
            or (head and g.strong_head.fullmatch(head))
            or (family.cue_before and family.cue_before.search(before))
            or (family.cue_after and family.cue_after.match(after))
        )
    return _Candidate(m.start(), m.end(), name, entry, accepted)


def _accept_lists(candidates: list[_Candidate], text: str) -> None:
    """Accept cue-less names listed next to an accepted one: `Hopper, Ada, and Ampere`.

    One sweep each way carries acceptance along a whole list in linear time.
    """

    def listed(left: _Candidate, right: _Candidate) -> bool:
        return left.entry.family.category == right.entry.family.category and bool(
            _LIST_GAP.fullmatch(text[left.end : right.start])
        )

    if len(candidates) < 2:
        return
    pairs = list(zip(candidates, candidates[1:], strict=False))
    for left, right in pairs:
        if left.accepted and not right.accepted and listed(left, right):
            right.accepted = True
    for left, right in reversed(pairs):
        if right.accepted and not left.accepted and listed(left, right):
            left.accepted = True


def _resolve_bases(
    mentions: list[HardwareMention], families: list[_Family]
) -> list[HardwareMention]:
    """Give a generic name (`TPU`, `Jetson`) the specific one the text uses, if it uses one."""
    out = []
    for mention, family in zip(mentions, families, strict=True):
        if mention.name in family.base:
            specific = {
                m.name
                for m in mentions
                if m.rule == mention.rule and m.name.startswith(mention.name + " ")
            }
            if len(specific) == 1:
                mention = HardwareMention(
                    mention.start, mention.end, specific.pop(), mention.category, mention.rule
                )
        out.append(mention)
    return out


_AFTER_FACTOR = regex.compile(r"\d\s?(?:[x×]|times)$")  # `8xA100`: a name after a count


def _openings(text: str, g: _Gazetteer) -> list[int]:
    """Positions where a match can start, in order: a word start opening like some name.

    A position inside a word is kept only after a count (`8xA100`), as the matcher's own
    look-behind allows.
    """
    low = lower(text)
    out = set()
    for pos, end in g.openers.hits(low) + g.cased_openers.hits(text):
        if (
            pos
            and text[pos - 1] in WORD_CHARS
            and (text[pos - 1] not in "xs" or not _AFTER_FACTOR.search(text, max(0, pos - 7), pos))
        ):
            continue  # inside a word, and not after `8x` or `8times`
        if (
            end - pos == 2
            and low[pos].isdigit()
            and not (g.stemless and g.stemless.match(text, pos))
        ):
            continue  # two digits open only a stemless pattern (or a longer key, seen on its own)
        key = low[pos:end]
        follow = g.follow.get(key)
        if follow is not None and not follow.allows(text, low, end):
            continue  # the opener goes on as no name does: `architecture`, `dataset`
        out.add(pos)
    return sorted(out)


def _matches(text: str, g: _Gazetteer) -> list[regex.Match[str]]:
    """Leftmost-longest, non-overlapping matches, tried only where a name can open.

    Equivalent to `g.matcher.finditer(text)` but many times faster on prose, where the
    matcher (POSIX, thousands of alternatives) would be tried at every position.
    """
    return list(matches_at(g.matcher, text, _openings(text, g)))


def find_hardware(text: str) -> list[HardwareMention]:
    """Hardware named in `text`, in order, non-overlapping, each as long as it can be.

    `text` should be normalised (NFKC, trademark marks removed); offsets index into it.
    """
    g = _gazetteer()
    candidates = [c for m in _matches(text, g) if (c := _candidate(m, text, g)) is not None]
    _accept_lists(candidates, text)
    kept = [c for c in candidates if c.accepted]
    mentions = [
        HardwareMention(c.start, c.end, c.name, c.entry.family.category, c.entry.family.id)
        for c in kept
    ]
    return _resolve_bases(mentions, [c.entry.family for c in kept])
