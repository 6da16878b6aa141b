"""Named hardware in a text: GPUs, TPUs, SoCs, phones, boards, CPUs, accelerators, FPGAs, supercomputers.

The products live in `effclaims/data/hardware.toml` (see its header for the format), so that
adding a chip is a data change. The literal names become a character trie (a plain
alternation of a thousand names is several times slower to scan) and the numbered product
lines patterns after their stems; a name may have up to three vendor words before it. A
match is the longest name that starts there (`Snapdragon 8 Gen 2`, not `Snapdragon`): the
trie tries a longer name before a shorter one and a stem's patterns before the names that
go on from it, as POSIX leftmost-longest matching would choose, at a tenth of its cost (the
tests hold the two to the same matches). The names are split by the character they open
with, into regexes compiled when a text first needs them: a process that reads a few
papers compiles a few, where one regex of all names was compiled whole at start-up.

Each match is then judged in context: ambiguous names (`Ada`, `L4`, `Frontier`, a bare
`3090`) need a cue, and a few look-alikes are vetoed (`Frontier AI models`).

Lists no list can hold are read by their shape: a product line's family word with a model
code its pattern describes (`Stratix 10 NX`, `Ryzen AI 9 HX 370`), a model code after a
hardware vendor (`Kneron KL720`) or before a hardware noun (`an SG2042 CPU`), and a model
code listed after a named one of its family (`Ascend 300I Duo and 800I A2`), which takes
the family word it leaves out.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from operator import is_not, itemgetter
from typing import Any

import regex

from ..compiled import compile_pattern, lazy
from ..datafiles import load_data
from ..pattern_cache import compile_re
from ..substrings import LOWER_LETTERS, WORD_CHARS, Substrings, lower
from . import derived, shortcuts
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
class _Pattern:
    """A numbered product line: what it stands for and the name of its group (`p3`; its
    fields are `p3_n`...)."""

    entry: _Entry
    group: str


@dataclass(frozen=True)
class _Core:
    """The regex of the names that open with one character, after any vendor words: its
    patterns (indexes into `_Gazetteer.patterns`) with the numbers of their groups and of
    their fields' groups."""

    regex: re.Pattern[str]
    patterns: tuple[int, ...]
    fields: dict[int, tuple[int, tuple[tuple[str, int], ...]]]
    #: the groups of the patterns, in order, from a match's groups
    pattern_groups: Callable[[tuple[str | None, ...]], tuple[str | None, ...]]

    def pattern_of(self, groups: tuple[str | None, ...]) -> int | None:
        """Which pattern matched (an index into `_Gazetteer.patterns`), given a match's
        groups: the first whose group took part, found without a Python loop over them."""
        if not self.patterns:
            return None
        taken = self.pattern_groups(groups)
        first = next(filter(_NOT_NONE, taken), None)
        return None if first is None else self.patterns[taken.index(first)]


@dataclass(frozen=True)
class _Hit:
    """A name matched at `start`: vendor words up to `core`, where `match` of the regex of
    `kind` (a `_Core`) begins, and the hardware noun after it, if any."""

    start: int
    core: int
    match: re.Match[str]
    kind: _Core
    head: re.Match[str] | None

    @property
    def end(self) -> int:
        return self.head.end() if self.head else self.match.end()


@dataclass(frozen=True)
class _Shape:
    """Model codes that no list holds: `code` finds one right before a hardware noun,
    `not_code` tells what such a code may also be (a precision, a data set, a memory size),
    and `entries` holds the nouns after which a code is a name (found with the openers)."""

    code: regex.Pattern[str]
    not_code: regex.Pattern[str]
    #: a name right before a hardware noun, in the shape of names in apposition
    named: regex.Pattern[str]
    #: a name set before a hardware noun in apposition (`the Vela X2, a neural processing unit`)
    apposed_before: regex.Pattern[str]
    #: a name set after a hardware noun in apposition (`its processor, the AX-3,`)
    apposed_after: regex.Pattern[str]
    #: per hardware noun (lower-cased), what a code before it stands for
    entries: dict[str, _Entry]


@dataclass(frozen=True)
class _Gazetteer:
    #: one vendor word, a brand or an architecture before a name (`NVIDIA `), with what
    #: follows it
    vendor: re.Pattern[str]
    #: where a name may start: not inside a word, but after a count (`8xA100`)
    left: regex.Pattern[str]
    #: the alternatives of the names after the vendor words, in order, each with the
    #: characters it can open with and its kind (`shared`: a pattern of several stems,
    #: `lit`: a branch of the trie of names and stems, `stemless`: a bare number, `coded`: a
    #: model code after a vendor, tried last); a `_Core` of those that can open with a
    #: letter (in either case) or another character is compiled when a text first needs it
    branches: tuple[tuple[frozenset[str], str, str], ...]
    #: the hardware nouns that may follow a name (an alternation), and the regex of one
    heads: str
    head: re.Pattern[str]
    #: every string a match can open with in any case (lower-cased), and the hardware nouns
    #: after which a model code is a name, found in one pass over a text lower-cased
    openers: Substrings
    #: which of the keys of `openers` a match can open with
    opening: frozenset[str]
    #: the spellings of the openers that only case-sensitive names open with (`Arc`, `MI`),
    #: found as written: lower-cased, they occur inside most words (`architecture`, `mixed`)
    cased_openers: Substrings
    #: what may follow an opener (`_Follow`); openers not listed may be followed by anything
    follow: dict[str, _Follow]
    #: the patterns without a stem, which open with digits
    stemless: regex.Pattern[str] | None
    literals: dict[str, _Entry]
    patterns: tuple[_Pattern, ...]
    case: dict[str, str]
    strong_head: regex.Pattern[str]
    #: what a bare number carried along a list must not be followed by: a unit, a factor,
    #: a decimal part, a counted noun (`EPYC 7763 and 2048 tokens`) or a name
    #: (`Ascend 910 NPUs and 192 Kunpeng CPUs`)
    counted: regex.Pattern[str]
    shape: _Shape


_NOT_NONE = partial(is_not, None)


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
    #: the pattern that matched (an index into `_Gazetteer.patterns`) and the family word
    #: it matched after, for a code listed after this one to take
    pattern: int | None
    stem: str
    #: where the name begins after its vendor words (`start` when it has none)
    core: int


#: a name, a stem or a vendor: its text, whether it is case-sensitive, and the regex of a
#: pattern that goes on after it (None for a name; "" for a stem of a shared branch)
_Word = tuple[str, bool, str | None]

_SEP = " "  # the trie's symbol for "space, hyphen or nothing"
_SEP_RE = r"[\s\-]{0,3}"
_LEFT = r"(?:(?<![A-Za-z0-9_])(?<![A-Za-z]-)|(?<=\d\s?(?:[x×]|times)))"
_RIGHT = r"(?![A-Za-z0-9_])"
_SUFFIX = (
    r"(?:[\s\-]{0,2}\(?\d{1,3}\s?[Gg][Bb]?\)?(?![A-Za-z0-9])"
    r"|[\s\-]{1,2}(?i:SXM\d?|SMX\d?|PCIe|NVL\d{0,3}|HBM\dE?|Laptop|Mobile|Max-Q)(?![A-Za-z0-9])"
    r"|(?:(?<=[vV]\d)|(?<=[vV]\d[a-z]))-\d{1,4}(?![A-Za-z0-9.]))*"
)
#: a hardware noun after a name (`{heads}`: their alternation), not taken from a Core Ultra
_HEAD = r"(?:\s{{1,3}}|-)(?i:{heads})(?![\s-]+(?:Ultra|i[3579])\b)"
#: what may follow a name: a plural, memory sizes, form factors, a TPU pod slice
_AFTER_NAME = rf"(?:(?<=[A-Z0-9])s)?(?P<suf>{_SUFFIX}){_RIGHT}"
#: what separates the members of a list of names, an article included (`the L40S and the H20`)
_LIST_GAP = lazy(
    r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|vs\.?|versus|to)\s+|\s*/\s*|\s*\(\s*"
    r"|\s*\)\s*,?\s*(?:and\s+|or\s+)?)(?:(?:the|an?)\s+)?"
)
_REFERENCE = lazy(r"\b(?:Table|Tab\.|Figure|Fig\.|Appendix|Section|Sec\.|Eq\.|Equation)\s*$")
_SENTENCE_END = lazy(r"[.!?]\s+(?=\S)")
# `an Eyeriss-like accelerator`, `A100-class GPUs`: something resembling the product, not it
_RESEMBLING = lazy(r"-(?:like|style|class|inspired|type)\b")
_WORD = lazy(r"[^\W_]+")
_OPTIONAL = lazy(r"\[([^\[\]]*)\]")
_PLACEHOLDER = lazy(r"\{(\w+)(?:\|(\w+))?\}")
_GROUP = lazy(r"\(\?P<(\w+)>")
_DIGITS = lazy(r"\d+")
_WINDOW = 80
#: how far before a hardware noun a model code may start (`the KL720 NPU`)
_CODE_REACH = 24
#: words that open a phrase of their own, which an apposition's noun is never inside
_LINKS = r"(?i:on|in|at|for|with|of|from|by|to|and|or|as|than|via|using)"
#: how far before a hardware noun a name in apposition may start (`the Vela X2, a low-power
#: neural processing unit`)
_APPOSITION_REACH = 80

#: what `hardware.toml` holds (see its header), checked when it is read
_PATTERN_SCHEMA = {"stem?": (str, [str]), "regex": str, "name": str, "cs?": bool, "cue?": bool}
_SCHEMA = {
    "prefixes": [str],
    "heads_strong": [str],
    "heads_weak": [str],
    "counted": str,
    "case": {"*": str},
    "family": [
        {
            "id": str,
            "category": str,
            "case_sensitive?": bool,
            "vendors?": [str],
            "base?": [str],
            "names?": [str],
            "aliases?": {"*": str},
            "cue_names?": [str],
            "cue_aliases?": {"*": str},
            "patterns?": [_PATTERN_SCHEMA],
            "cue_before?": str,
            "cue_after?": str,
            "veto_before?": str,
            "veto_after?": str,
        }
    ],
    "shape": {"code": str, "not_code": str, "name": str, "vendors": [str], "heads": {"*": str}},
}


def _follows(words: list[_Word]) -> dict[str, _Follow]:
    """What may follow each opener that is a whole first segment, from the names, stems
    and vendors (`words`: each with whether it is case-sensitive and the pattern tail that
    comes right after it, if any)."""
    follow: dict[str, _Follow] = {}
    anything: set[str] = set()
    for word, case_sensitive, tail in words:
        segments = [w for w in SEPARATORS.split(word.strip()) if w]
        first = segments[0].lower()
        if len(first) == 1 and first.isalpha():
            # keyed with a digit of the segment: the segment goes on after it, as the
            # pattern says (`p4d.24xlarge` opens with the `p4` of a `P4` that ends there)
            if tail is not None:
                anything.update(first + digit for digit in "0123456789")
            continue
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
    or every `a` and `i` in a text would be a place to try; before a segment of letters
    (`R-Car V3H`) it opens with that segment, in each way the two may be joined.
    """
    first, *rest = SEPARATORS.split(word.strip())
    if len(first) == 1 and first.isalpha():
        if rest and rest[0][:1].isalpha():
            return {first + joint + rest[0] for joint in ("-", " ", "")}
        return {first + d for d in "0123456789"}
    return {first}


def _cased(words: list[_Word]) -> frozenset[str]:
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


def _trie_branches(words: list[_Word]) -> list[tuple[frozenset[str], str]]:
    """`_trie` of `words`, as derived ahead into the package data (`derived.py`)."""
    found = derived.stored(
        "trie", json.dumps(words), lambda: [[sorted(c), s] for c, s in _trie(words)]
    )
    return [(frozenset(chars), source) for chars, source in found]


def _trie(words: list[_Word]) -> list[tuple[frozenset[str], str]]:
    """The alternatives of one regex for many literal names, sharing prefixes so that the
    scan stays fast, each with the characters it can open with.

    Each word is (text, case_sensitive, tail): a tail is the rest of a pattern whose literal
    stem is the text, so patterns are only tried where their stem matched. Spaces and
    hyphens become an optional separator; a run of case-insensitive letters one `(?i:...)`
    group (a `[Xx]` class per letter costs the regex compiler several times as much). At
    each node a stem's patterns come first, then the longer names, then the end of a name.
    """
    root: dict[Any, Any] = {}
    for word, case_sensitive, tail in words:
        node = root
        for char in SEPARATORS.sub(_SEP, word):
            if char == _SEP:
                key: tuple[str, bool | None] = (_SEP, None)
            elif char.lower() != char.upper():
                key = (char, True) if case_sensitive else (char.lower(), False)
            else:
                key = (char, None)
            node = node.setdefault(key, {})
        if tail is None:
            node[""] = True
        else:
            node.setdefault(None, []).append(tail)

    def edge(key: tuple[str, bool | None]) -> str:
        char, case_sensitive = key
        return _SEP_RE if char == _SEP else regex.escape(char)

    def branch(key: tuple[str, bool | None], child: dict[Any, Any]) -> str:
        # follow the chain of nodes with one way on, so that a run of letters is one group
        run = [key]
        while len(child) == 1 and isinstance(next(iter(child)), tuple):
            key, child = next(iter(child.items()))
            run.append(key)
        pieces, folded = [], ""
        for k in run:
            if k[1] is False:
                folded += regex.escape(k[0])
                continue
            if folded:
                pieces.append(f"(?i:{folded})")
                folded = ""
            pieces.append(edge(k))
        if folded:
            pieces.append(f"(?i:{folded})")
        return "".join(pieces) + emit(child)

    def emit(node: dict[Any, Any]) -> str:
        branches = list(node.get(None, []))
        for key, child in sorted((k, v) for k, v in node.items() if isinstance(k, tuple)):
            branches.append(branch(key, child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    def opening(key: tuple[str, bool | None]) -> frozenset[str]:
        char, case_sensitive = key
        return frozenset({char.lower(), char.upper()} if case_sensitive is False else {char})

    children = sorted((k, v) for k, v in root.items() if isinstance(k, tuple))
    return [(opening(key), branch(key, child)) for key, child in children]


def _trie_regex(words: list[_Word]) -> str:
    """The alternatives of `_trie_branches` as one regex."""
    branches = [source for _, source in _trie_branches(words)]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _getter(indexes: list[int]) -> Callable[[tuple[str | None, ...]], tuple[str | None, ...]]:
    """What takes the items at `indexes` out of a tuple, as a tuple (whatever their number)."""
    if len(indexes) == 1:
        return lambda items: (items[indexes[0]],)
    return itemgetter(*indexes)


def _compile_optional(pattern: str | None) -> regex.Pattern[str] | None:
    return lazy(pattern) if pattern else None


def _words_regex(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """Load the TOML gazetteer and compile it, once per process."""
    data = load_data("hardware", _SCHEMA)
    shape = data["shape"]
    prefixes = set(data["prefixes"]) | set(shape["vendors"])
    # a model code after a hardware vendor is a name: a family of its own, tried last so
    # that a name the lists hold wins a tie (`NVIDIA A100` is the A100 of the NVIDIA family)
    coded = {
        "id": "hw.shape.vendor",
        "category": "accelerator",
        "patterns": [
            {
                "stem": shape["vendors"],
                "regex": rf"(?:['’]s)?[\s\-]{{1,2}}(?P<code>(?-i:{shape['code']}))",
                "name": "{code|as_written}",
            }
        ],
    }
    literals: dict[str, _Entry] = {}
    words: list[_Word] = []
    patterns: list[_Pattern] = []
    stemless: list[str] = []
    shared: list[tuple[frozenset[str], str, str]] = []  # the patterns of several stems
    listed = 0  # how many of `words` the listed families give, before the coded family's
    for f in [*data["family"], coded]:
        listed = len(words)
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
            flag = "-i" if p.get("cs", case_sensitive) else "i"
            body = _GROUP.sub(rf"(?P<{group}_\1>", p["regex"])
            tail = f"(?P<{group}>(?{flag}:{body}))"
            stems = p.get("stem", [])
            stems = [stems] if isinstance(stems, str) else stems
            patterns.append(_Pattern(_Entry(family, p["name"], p.get("cue", False)), group))
            cs = p.get("cs", case_sensitive)
            if len(stems) == 1:
                words.append((stems[0], cs, tail))
            elif stems:
                # several stems share one tail in a branch of their own, not one copy of it
                # per stem in the trie, which would multiply what the regex compiler reads
                trie = _trie_branches([(stem, cs, None) for stem in stems])
                opening = frozenset().union(*(chars for chars, _ in trie))
                alternatives = "|".join(source for _, source in trie)
                which = f"(?P<{group}_stem>{alternatives})"  # `{stem}` of the name template
                kind = "coded" if f is coded else "shared"
                shared.append((opening, kind, f"(?P<{group}>{which}(?{flag}:{body}))"))
                words += [(stem, cs, "") for stem in stems]
            else:
                stemless.append(tail)
    vendors: list[_Word] = [(p, False, None) for p in sorted(prefixes)]  # a stable key
    names = vendors + words  # everything a match can open with
    keys = {o.lower() for word, _, _ in names for o in _openers(word)}
    # `regex`, not `compile_pattern`: only `regex` matches partially
    numbers = regex.compile("|".join(stemless)) if stemless else None
    if numbers:  # stemless patterns open with two digits: those that can go on to a match
        keys.update(d for n in range(100) if numbers.match(d := f"{n:02d}", partial=True))
    vendor = _trie_regex(vendors) + r"(?:['’]s|\((?:R|TM)\))?[\s\-]{1,3}"
    heads = _words_regex(data["heads_strong"] + data["heads_weak"]).replace(" ", r"\s+")
    digits = frozenset(d for d in "0123456789" if numbers and numbers.match(d, partial=True))
    # each with the characters it can open with, lower-cased: a regex serves both cases
    branches = (
        [(chars, kind, source) for chars, kind, source in shared]
        + [
            (chars, "lit", source)
            for chars, source in _trie_branches([w for w in words if w[2] != ""])
        ]
        + [(digits, "stemless", source) for source in stemless]
    )
    strong = _words_regex(data["heads_strong"]).replace(" ", r"\s+")
    cased = _cased(names)
    return _Gazetteer(
        vendor=compile_re(vendor),
        left=compile_pattern(_LEFT),
        branches=tuple((frozenset(c.lower() for c in chars), k, src) for chars, k, src in branches),
        heads=heads,
        head=compile_re(_HEAD.format(heads=heads) + _RIGHT),
        openers=Substrings((keys - {s.lower() for s in cased}) | set(shape["heads"])),
        opening=frozenset(keys - {s.lower() for s in cased}),
        cased_openers=Substrings(cased),
        # a vendor opens the coded family's pattern only before a space or hyphen, as it
        # opens a name: its own rule stands
        follow=_follows(vendors + words[:listed]),
        stemless=numbers,
        literals=literals,
        patterns=tuple(patterns),
        case=data["case"],
        strong_head=lazy(rf"\s*-?(?i:{strong})"),
        counted=lazy(
            rf"(?!\s+(?i:{heads})\b)(?:\s+[A-Z]|\s*(?:[%×x]|[.,]\d|-?(?:{data['counted']})\b))"
        ),
        shape=_Shape(
            code=lazy(rf"(?r)(?<![A-Za-z0-9_.\-/])(?P<code>{shape['code']})[\s\-]{{1,2}}\Z"),
            not_code=lazy(shape["not_code"]),
            named=lazy(rf"(?r)(?<![A-Za-z0-9_.\-/])(?P<code>(?-i:{shape['name']}))[\s\-]{{1,2}}\Z"),
            apposed_before=lazy(
                rf"(?r)\b(?i:the|its|their|our)\s+(?P<code>(?-i:{shape['name']})),\s+(?:an?)\s+"
                # the noun's own modifiers, no phrase about something else (`a detector on the GPU`)
                rf"(?:(?!{_LINKS}\b)[\w-]+\s+){{0,4}}\Z"
            ),
            # the noun is the text's own: `its wafer-scale processor, the AX-3,`
            apposed_after=lazy(
                r"(?<=\b(?:its|their|our|own|new)\s(?:[\w-]+\s){0,3}[\w-]+)"
                rf",\s+the\s+(?P<code>(?-i:{shape['name']}))(?=\s*[,;(]|\.\s)"
            ),
            entries={
                head: _Entry(
                    _Family(
                        "hw.shape.head", category, frozenset(), frozenset(), None, None, None, None
                    ),
                    "",
                    False,
                )
                for head, category in shape["heads"].items()
            },
        ),
    )


def _render(template: str, groups: dict[str, str | None], case: dict[str, str]) -> str:
    """Fill a name template: `{g}` re-cased through `case`, `{g|upper}`, `{g|lower}`,
    `{g|as_written}` (hyphens kept), `[...]` if present. `{stem}` is the family word the
    pattern matched after."""

    def value(m: regex.Match[str]) -> str:
        text = groups.get(m.group(1)) or ""
        if m.group(2) == "as_written":
            return " ".join(text.split())
        tokens = [t for t in SEPARATORS.split(text) if t]
        if m.group(2) == "upper":
            return " ".join(t.upper() for t in tokens)
        if m.group(2) == "lower":
            return " ".join(t.lower() for t in tokens)
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


def _vetoed(family: _Family, text: str, start: int, end: int) -> bool:
    """Whether the context rules out a name of `family` at `text[start:end]`."""
    before = _before(text, start)
    return bool(
        _REFERENCE.search(before)
        or _RESEMBLING.match(text, end)
        or (family.veto_before and family.veto_before.search(before))
        or (family.veto_after and family.veto_after.match(text[end : end + _WINDOW]))
    )


def _candidate(hit: _Hit, text: str, g: _Gazetteer) -> _Candidate | None:
    """Turn one match into a candidate mention, or None when vetoed."""
    m = hit.match
    groups = m.groups()
    found = hit.kind.pattern_of(groups)
    pre = text[hit.start : hit.core]
    lit = m.group("lit") if "lit" in m.re.groupindex else None
    stem = ""
    if found is None:
        assert lit is not None
        # the vendor words may also open an alias ("Google Coral Edge TPU"): the longest wins
        starts = [0, *(w.start() for w in _WORD.finditer(pre))][1:]
        entry = (
            next(
                (e for i in starts if (e := g.literals.get(name_key(pre[i:] + lit)))),
                None,
            )
            or g.literals[name_key(lit)]
        )
        name = entry.name
    else:
        pattern = g.patterns[found]
        entry = pattern.entry
        number, numbers = hit.kind.fields[found]
        fields = {k: groups[i - 1] for k, i in numbers}
        if fields.get("stem") is not None:
            stem = fields["stem"] or ""
        elif lit is not None:
            stem = text[m.start("lit") : m.start(number)]
        name = _render(entry.name, {**fields, "stem": stem}, g.case)
        if not name or (entry.family.id == "hw.shape.vendor" and g.shape.not_code.match(name)):
            return None
    family = entry.family
    if _vetoed(family, text, hit.start, hit.end):
        return None
    accepted = not entry.cue
    if not accepted:
        before, after = _before(text, hit.start), text[hit.end : hit.end + _WINDOW]
        vendors = {w.lower() for w in _WORD.findall(pre)}
        head = hit.head.group() if hit.head else ""
        accepted = bool(
            vendors & family.vendors
            or (head and g.strong_head.fullmatch(head))
            or (family.cue_before and family.cue_before.search(before))
            or (family.cue_after and family.cue_after.match(after))
        )
    return _Candidate(hit.start, hit.end, name, entry, accepted, found, stem, hit.core)


def _own_vendors(candidates: list[_Candidate], text: str, g: _Gazetteer) -> list[_Candidate]:
    """Read vendor words that belong to none of a name's family as part of a name of theirs:
    `Huawei P40` is a phone, not a P40 GPU made by Huawei."""
    out = list(candidates)
    for i, c in enumerate(out):
        words = {w.lower() for w in _WORD.findall(text, c.start, c.core)}
        if not words or words & c.entry.family.vendors:
            continue
        hit = _match_at(text, c.start, g, c.core)
        other = _candidate(hit, text, g) if hit is not None else None
        following = out[i + 1].start if i + 1 < len(out) else len(text)
        if other is not None and other.end <= following and words & other.entry.family.vendors:
            out[i] = other
    return out


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


def _carry(candidates: list[_Candidate], text: str, g: _Gazetteer) -> list[_Candidate]:
    """Add the model codes listed right after an accepted name of a product line, which
    leave out its family word: `Ascend 300I Duo and 800I A2`, `Snapdragon 855, 865 and
    888`, `Core i5 and i7`. A code is read by the line's patterns that share the family word
    matched, the one that matched first; a bare number only when it has as many digits as
    the code before it and no unit or counted noun follows it (`EPYC 7763 and 2048
    tokens`). A carried code replaces a name that needed a cue and had none (the `A2` of
    `800I A2`), never an accepted one."""
    accepted = [c for c in candidates if c.accepted]
    carried: list[_Candidate] = []
    for i, c in enumerate(accepted):
        following = accepted[i + 1].start if i + 1 < len(accepted) else len(text)
        while c.pattern is not None and c.stem:
            gap = _LIST_GAP.match(text, c.end, following)
            if gap is None or gap.end() >= following:
                break  # not a list, or the next name is named on its own
            member = _carried(c, text, gap.end(), g)
            if member is None:
                break
            carried.append(member)
            c = member
    if not carried:
        return candidates
    # a carried code takes in the names inside it (the `A2` of `800I A2 cards`)
    taken = [(c.start, c.end) for c in carried]
    kept = [c for c in candidates if all(b <= c.start or c.end <= a for a, b in taken)]
    return sorted(kept + carried, key=lambda c: c.start)


def _carried(source: _Candidate, text: str, start: int, g: _Gazetteer) -> _Candidate | None:
    """The model code at `start` named as a member of `source`'s line: read as if the family
    word it leaves out stood before it (`865` after `Snapdragon 855,` as `Snapdragon 865`),
    by the patterns of the line that follow that word, with a space or without."""
    window = text[start : start + _WINDOW]
    for glue in (" ", ""):
        written = source.stem + glue
        hit = next(
            (
                _Hit(0, 0, m, kind, None)
                for kind in _cores(written[0])
                if (m := kind.regex.match(written + window)) is not None
            ),
            None,
        )
        if hit is None or hit.end <= len(written):
            continue
        found = hit.kind.pattern_of(hit.match.groups())
        if found is None or g.patterns[found].entry.family is not source.entry.family:
            continue
        end = start + hit.end - len(written)
        code = text[start:end]
        if code.isdigit():
            digits = _DIGITS.findall(text, source.start, source.end)
            if not digits or len(digits[-1]) != len(code) or g.counted.match(text, end):
                continue
        member = _candidate(hit, written + window, g)
        if member is None or _vetoed(member.entry.family, text, start, end):
            return None
        return _Candidate(start, end, member.name, member.entry, True, found, source.stem, start)
    return None


def _coded(
    candidates: list[_Candidate], text: str, heads: list[tuple[int, int]], g: _Gazetteer
) -> list[_Candidate]:
    """Model codes no list holds, named by the hardware noun right after them (`heads`,
    spans of `text`): `the KL720 NPU`, `an SG2042 CPU`; merged into `candidates` in order
    of position."""
    shape = g.shape
    found = []
    for start, end in heads:
        before = start - 2 if start > 1 and text[start - 1] in " -" else -1
        m = None
        if before >= 0 and (text[before].isdigit() or text[before].isupper()):
            m = shape.code.search(text, max(0, start - _CODE_REACH), start)
            if m is None:  # a short code after a capitalised word: `the Kestrel K9 phone`
                m = shape.named.search(text, max(0, start - _CODE_REACH), start)
                m = m if m is not None and " " in m.group("code") else None
        elif "," in text[max(0, start - _APPOSITION_REACH) : start] or text.startswith(",", end):
            # a name in apposition: `the Vela X2, a neural processing unit`, `its processor, the AX-3,`
            m = shape.apposed_before.search(text, max(0, start - _APPOSITION_REACH), start)
            m = m or shape.apposed_after.match(text, end, end + _CODE_REACH + 8)
        if m is None or any(shape.not_code.match(w) for w in (m["code"], m["code"].split()[-1])):
            continue
        a, b = m.span("code")
        if any(c.start < b and a < c.end for c in candidates):
            continue
        entry = shape.entries[text[start:end].lower()]
        found.append(_Candidate(a, b, m.group("code"), entry, True, None, "", a))
    if not found:
        return candidates
    return sorted(candidates + found, key=lambda c: c.start)


#: A model code: letters and digits, both, as the last word of a name (`7950X`, `i7-12700H`).
_MODEL_CODE = lazy(r"(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{3,}$")


def _codes_again(text: str, mentions: list[HardwareMention]) -> list[HardwareMention]:
    """The mentions, and each model code that ends a longer name said again on its own
    later (`the 7950X` after `Ryzen 9 7950X`): the same product, whose code is neither a
    number nor a factor (`cut wall time on the 7950X by 41%`)."""
    codes: dict[str, HardwareMention] = {}
    for m in mentions:
        head, _, code = m.name.rpartition(" ")
        if head and _MODEL_CODE.match(code):
            codes.setdefault(code, m)
    if not codes:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    found = list(mentions)
    for code, first in codes.items():
        start = text.find(code, first.end)
        while start != -1:
            end = start + len(code)
            whole = (not start or text[start - 1] not in _CODE_CHARS) and (
                end == len(text) or text[end] not in _CODE_CHARS
            )
            if whole and not any(a < end and start < b for a, b in taken):
                found.append(HardwareMention(start, end, first.name, first.category, first.rule))
                taken.append((start, end))
            start = text.find(code, end)
    return sorted(found, key=lambda m: m.start)


_CODE_CHARS = WORD_CHARS | {"-"}


def _resolve_bases(
    mentions: list[HardwareMention], families: list[_Family], text: str
) -> list[HardwareMention]:
    """Give a generic name (`TPU`, `Jetson`) the specific one the text uses, if it uses
    one; a name said again in short (`Core Ultra` after `Core Ultra 7 155H`, `the Orin's`
    after `Jetson AGX Orin`) is the hardware named before it, not hardware of its own."""
    starts: dict[str, dict[str, list[int]]] = {}  # rule → name → where it is named, in order
    for m in mentions:
        starts.setdefault(m.rule, {}).setdefault(m.name, []).append(m.start)
    out = []
    for mention, family in zip(mentions, families, strict=True):
        named = starts[mention.rule]
        longer = [n for n in named if n.startswith(mention.name + " ")]
        written = text[mention.start : mention.end]
        if not longer and written.isalnum():  # one word: the last of a longer name said before
            longer = [n for n in named if n != mention.name and n.rsplit(" ", 1)[-1] == written]
        before = {}  # each longer name's last place before this mention
        for n in longer:
            i = bisect_left(named[n], mention.start)
            if i:
                before[n] = named[n][i - 1]
        if mention.name in family.base:  # a family named as such stays unless one is used
            name: str | None = longer[0] if len(longer) == 1 else None
        else:
            name = max(before, key=before.__getitem__) if before else None
        if name is not None:
            mention = HardwareMention(
                mention.start, mention.end, name, mention.category, mention.rule
            )
        out.append(mention)
    return out


_AFTER_FACTOR = lazy(r"\d\s?(?:[x×]|times)$")  # `8xA100`: a name after a count


def _openings(text: str, low: str, g: _Gazetteer) -> tuple[list[int], list[tuple[int, int]]]:
    """Positions where a match can start, in order: a word start opening like some name;
    and the hardware nouns of the text (for `_coded`). `low` is `text` lower-cased.

    A position inside a word is kept only after a count (`8xA100`), as the matcher's own
    look-behind allows.
    """
    out = set()
    heads = []
    shape = g.shape.entries
    anycase = g.openers.hits(low)
    n_anycase, n = len(anycase), len(text)
    for i, (pos, end) in enumerate(anycase + g.cased_openers.hits(text)):
        if (
            pos
            and text[pos - 1] in WORD_CHARS
            and (text[pos - 1] not in "xs" or not _AFTER_FACTOR.search(text, max(0, pos - 7), pos))
        ):
            continue  # inside a word, and not after `8x` or `8times`
        key = low[pos:end]
        if i < n_anycase and key in shape:
            if end == n or low[end] not in LOWER_LETTERS or low[end] == "s":
                heads.append((pos, end))
            if key not in g.opening:
                continue  # a hardware noun only
        if (
            end - pos == 2
            and low[pos].isdigit()
            and not (g.stemless and g.stemless.match(text, pos))
        ):
            continue  # two digits open only a stemless pattern (or a longer key, seen on its own)
        follow = g.follow.get(key)
        if follow is not None and not follow.allows(text, low, end):
            continue  # the opener goes on as no name does: `architecture`, `dataset`
        out.add(pos)
    return sorted(out), heads


def _core_source(branches: Iterable[tuple[frozenset[str], str, str]]) -> str:
    """One alternation of `branches`, by kind in the order a match prefers them."""
    kinds: dict[str, list[str]] = {"shared": [], "lit": [], "stemless": [], "coded": []}
    for _, kind, source in branches:
        kinds[kind].append(source)
    if kinds["lit"]:
        kinds["lit"] = [f"(?P<lit>{'|'.join(kinds['lit'])})"]
    ordered = kinds["shared"] + kinds["lit"] + kinds["stemless"] + kinds["coded"]
    return "(?:" + "|".join(ordered) + ")"


@cache
def _core(key: str) -> _Core | None:
    """The names that open with a character (`key`: lower-cased) after any vendor words, or
    with `coded` the model codes after a vendor; compiled when a text first needs them: a
    text needs a few of these, and a process compiles only those it needs. They use the
    standard `re` engine, which compiles them three times as fast as `regex` and matches
    them twice as fast; they need none of its extensions."""
    g = _gazetteer()
    if key == "coded":
        branches = [b for b in g.branches if b[1] == "coded"]
    else:
        branches = [b for b in g.branches if b[1] != "coded" and key in b[0]]
    if not branches:
        return None
    rx = compile_re(_core_source(branches) + _AFTER_NAME)
    fields: dict[str, list[tuple[str, int]]] = {}
    for name, number in rx.groupindex.items():
        group, _, field_name = name.partition("_")
        if field_name:
            fields.setdefault(group, []).append((field_name, number))
    present = [i for i, p in enumerate(g.patterns) if p.group in rx.groupindex]
    return _Core(
        rx,
        tuple(present),
        {
            i: (rx.groupindex[g.patterns[i].group], tuple(fields.get(g.patterns[i].group, [])))
            for i in present
        },
        _getter([rx.groupindex[g.patterns[i].group] - 1 for i in present]) if present else tuple,
    )


def _cores(char: str) -> tuple[_Core, ...]:
    """The regexes of the names that may open with `char`, in the order they are tried."""
    return tuple(c for c in (_core(char.lower()), _core("coded")) if c is not None)


def _match_at(text: str, pos: int, g: _Gazetteer, before: int | None = None) -> _Hit | None:
    """The name that starts at `pos`, with up to three vendor words before it, the most that
    leave a name after them (`NVIDIA Tesla V100`), as one regex of both would match; with
    `before`, the name begins before that position."""
    if g.left.match(text, pos) is None:
        return None
    cuts = [pos]
    for _ in range(3):
        vendor = g.vendor.match(text, cuts[-1])
        if vendor is None:
            break
        cuts.append(vendor.end())
    for cut in reversed(cuts):
        if before is not None and cut >= before:
            continue
        for kind in _cores(text[cut]) if cut < len(text) else ():
            if (m := kind.regex.match(text, cut)) is not None:
                return _Hit(pos, cut, m, kind, g.head.match(text, m.end()))
    return None


def _hits(text: str, starts: list[int], g: _Gazetteer) -> list[_Hit]:
    """Non-overlapping names, left to right, tried only at `starts`, where a name can open.

    Equivalent to trying the names (after up to three vendor words) at every position, but
    many times faster on prose, where thousands of alternatives would be tried everywhere.
    """
    hits: list[_Hit] = []
    end = 0
    for pos in starts:
        if pos >= end and (hit := _match_at(text, pos, g)) is not None:
            hits.append(hit)
            end = hit.end
    return hits


def find_hardware(text: str) -> list[HardwareMention]:
    """Hardware named in `text`, in order, non-overlapping, each as long as it can be.

    `text` should be normalised (NFKC, trademark marks removed); offsets index into it.
    """
    g = _gazetteer()
    starts, heads = _openings(text, lower(text), g)
    if not shortcuts.enabled():
        starts = list(range(len(text)))  # the plain path: a name tried at every position
    elif not starts and not heads:
        return []
    hits = _hits(text, starts, g)
    candidates = [c for hit in hits if (c := _candidate(hit, text, g)) is not None]
    if candidates:
        candidates = _own_vendors(candidates, text, g)
        _accept_lists(candidates, text)
        candidates = _carry(candidates, text, g)
    if heads:
        candidates = _coded(candidates, text, heads, g)
    kept = [c for c in candidates if c.accepted]
    mentions = [
        HardwareMention(c.start, c.end, c.name, c.entry.family.category, c.entry.family.id)
        for c in kept
    ]
    mentions = _resolve_bases(mentions, [c.entry.family for c in kept], text)
    return _codes_again(text, mentions) if mentions else mentions
