"""What every match of a regular expression must contain, read off the expression itself.

The rules' speed comes from not running a regex where it cannot match: a sentence lacking
every substring some part of a pattern needs is passed over after a substring test that
costs a fraction of a regex call. Those substrings are derived here from the patterns,
never written beside them, so that a pattern changed is a shortcut changed with it; the
extractor's plain path (`shortcuts.plain_path`) runs every regex everywhere, and the
tests check that both find the same claims.

The expression is parsed by the standard library's regex parser (the patterns use no
syntax it lacks but repeated group names, which are dropped first) and each node is
summarised bottom-up, as literal-factor analysis in regex engines does: the strings it
can match when they are few (`exact`), the strings every match starts and ends with
(`prefixes`, `suffixes`), and `factors`, sets one member of which every match contains.
A sequence joins the ends of neighbours, so `{NUM}\\s?(?:x|times)` needs one of `0x`,
`0 x`, `0times`, `0 times`: rarer than a digit or an `x` alone. The analysis is
conservative: it may find fewer required substrings than there are (then a regex runs
where it need not), never one that a match could lack.

Strings are as they appear in `cues` text (`patterns.cues`): lower-cased, every digit
written `0`, every space character a space. Without `digits` (for text that is only
folded) digits and spaces have no literal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import product
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # typeshed describes the standard library's regex parser under the names it had
    # before Python 3.11, whose modules now only warn and re-export these
    import sre_constants as C
    import sre_parse
else:
    from re import _constants as C  # the node types of the standard library's regex parser
    from re import _parser as sre_parse

#: The stand-in for any digit in `cues` text, where every digit is written `0`.
DIGIT = "0"
#: Beyond these sizes a set of strings says too little to be worth keeping.
_MAX_STRINGS = 512
_MAX_LENGTH = 12
_MAX_FACTORS = 8

Clause = frozenset[str]


@dataclass(frozen=True)
class _Node:
    """What is known of the strings a regex node matches (see the module's docstring)."""

    exact: frozenset[str] | None = None
    prefixes: frozenset[str] | None = None
    suffixes: frozenset[str] | None = None
    factors: tuple[Clause, ...] = field(default=())

    @staticmethod
    def of(strings: set[str] | frozenset[str] | None) -> _Node:
        if strings is None or len(strings) > _MAX_STRINGS:
            return _UNKNOWN
        s = frozenset(strings)
        return _Node(s, s, s, (s,) if "" not in s else ())


_UNKNOWN = _Node()
_EMPTY = _Node.of({""})


def clauses(expression: str, digits: bool = False) -> tuple[Clause, ...]:
    """Sets of substrings such that every match of `expression` contains one member of each."""
    node = _analyse(expression, digits)
    found = list(node.factors)
    for ends in (node.prefixes, node.suffixes):
        if ends:
            found.append(ends)
    return tuple(dict.fromkeys(c for c in found if c and "" not in c))


def required_literals(expression: str) -> tuple[str, ...] | None:
    """Substrings one of which every match of `expression` contains (lower-cased, to test
    against `fold`ed text), or None when no such set is found: of the `clauses`, the one
    whose shortest member is longest, as it is the least likely to occur by chance."""
    found = clauses(expression)
    if not found:
        return None
    return tuple(sorted(max(found, key=lambda c: min(len(w) for w in c))))


def opens_with_digit(expression: str) -> bool:
    """Whether every match of `expression` begins with a digit, or with a point and a digit."""
    starts = _analyse(expression, True).prefixes
    return (
        bool(starts)
        and "" not in (starts or ())
        and all(w.startswith(DIGIT) or w.startswith("." + DIGIT) for w in starts or ())
    )


@cache
def _analyse(expression: str, digits: bool) -> _Node:
    # the standard parser refuses a group name used twice; names say nothing of literals
    plain = re.sub(r"\(\?P<\w+>", "(?:", expression)
    try:
        tree = sre_parse.parse(plain)
    except re.error:
        return _UNKNOWN
    return _sequence(tree.data, digits)


def _sequence(items: list, digits: bool) -> _Node:
    node = _EMPTY
    for item in items:
        node = _join(node, _item(item, digits))
    return node


def _join(a: _Node, b: _Node) -> _Node:
    """What is known of a match of `a` followed by a match of `b`.

    An empty string among the prefixes or suffixes says that the node may match nothing,
    so that what follows (or precedes) it shows through.
    """
    factors = sorted(dict.fromkeys(a.factors + b.factors), key=rarity, reverse=True)
    del factors[_MAX_FACTORS:]  # the strongest few: any subset of the factors holds
    across = _product(a.suffixes, b.prefixes)
    if across is not None:
        factors.append(across)
    exact = _product(a.exact, b.exact)
    if exact is not None:
        factors.append(exact)
    return _Node(
        exact,
        _trim(_ends(a.exact, a.prefixes, b.prefixes, first=True), keep_start=True),
        _trim(_ends(b.exact, b.suffixes, a.suffixes, first=False), keep_start=False),
        tuple(f for f in dict.fromkeys(factors) if "" not in f),
    )


def _ends(
    exact: frozenset[str] | None,
    own: frozenset[str] | None,
    other: frozenset[str] | None,
    first: bool,
) -> frozenset[str] | None:
    """The prefixes of `a` then `b` (`first`), from `a`'s exact strings or prefixes and
    `b`'s prefixes; or the suffixes, from `b`'s and `a`'s (then `exact` and `own` are `b`'s)."""
    if exact is not None:
        joined = _product(exact, other) if first else _product(other, exact)
        if joined is not None:
            return joined
        return None if "" in exact else exact
    if own is None:
        return None
    if "" not in own:
        return own
    if other is None:
        return None
    rest = own - {""}
    return rest | other if len(rest) + len(other) <= _MAX_STRINGS else None


def _product(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    if a is None or b is None or len(a) * len(b) > _MAX_STRINGS:
        return None
    return frozenset(x + y for x, y in product(a, b))


def _trim(strings: frozenset[str] | None, keep_start: bool) -> frozenset[str] | None:
    """Ends cut to `_MAX_LENGTH` characters (a match starting with `times` starts with
    `time` too)."""
    if strings is None:
        return None
    return frozenset(s[:_MAX_LENGTH] if keep_start else s[-_MAX_LENGTH:] for s in strings)


def _item(item: tuple, digits: bool) -> _Node:
    op, arg = item
    if op is C.LITERAL:
        return _Node.of(_char(chr(arg), digits))
    if op is C.IN:
        return _Node.of(_class(arg, digits))
    if op in (C.SUBPATTERN,):
        return _sequence(list(arg[-1]), digits)
    if op is C.ATOMIC_GROUP:
        return _sequence(list(arg), digits)
    if op is C.BRANCH:
        return _branch([_sequence(list(alt), digits) for alt in arg[1]])
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, body = arg
        return _repeat(low, high, _sequence(list(body), digits))
    if op is C.ASSERT:  # a positive look-around: its text is there, beside the match
        return _Node(frozenset({""}), None, None, _sequence(list(arg[1]), digits).factors)
    if op in (C.ASSERT_NOT, C.AT):
        return _EMPTY
    if op is C.CATEGORY:
        return _Node.of(_category(arg, digits))
    return _UNKNOWN


def _branch(alternatives: list[_Node]) -> _Node:
    def union(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
        if any(s is None for s in sets):
            return None
        joined = frozenset().union(*(s for s in sets if s is not None))
        return joined if len(joined) <= _MAX_STRINGS else None

    best: list[Clause | None] = [
        max(alt.factors, key=_weakest, default=None) if alt.factors else None
        for alt in alternatives
    ]
    factors = (union(best),) if all(b is not None for b in best) else ()
    return _Node(
        union([a.exact for a in alternatives]),
        union([a.prefixes for a in alternatives]),
        union([a.suffixes for a in alternatives]),
        tuple(f for f in factors if f is not None and "" not in f),
    )


def _weakest(clause: Clause) -> int:
    return min(len(w) for w in clause)


def rarity(clause: Clause) -> int:
    """How seldom a sentence of `cues` text meets a clause, on a rough scale: as seldom as
    its commonest member. Short words and word pieces (`to `, `ten`, `int`) occur in
    nearly every sentence; a digit next to a letter or sign (`0x`, `0 ms`, `0%`) and
    longer words are rare."""
    return min(_member_rarity(w) for w in clause)


def _member_rarity(word: str) -> int:
    core = word.strip(" -")
    if not core or core in _COMMON_WORDS:
        return 0
    if core == DIGIT:
        return 2  # a digit is in one sentence of four
    if DIGIT in core:
        return len(core) + 3
    if len(core) == 1:  # `x` is in most texts, `%` and `×` in few, `e` and `t` in all
        return 0 if core in _COMMON_LETTERS else 2 if core.isalpha() else 5
    # a space says where a word ends or starts: `ratio ` is not in `generation`
    bounded = 1 if word[:1] == " " or word[-1:] == " " else 0
    return (len(core) if len(core) <= 3 else len(core) + 1) + bounded


#: The letters that make up nine in ten letters of English text.
_COMMON_LETTERS = frozenset("etaoinshrdlcumwfgypb")
#: Words of nearly every sentence.
_COMMON_WORDS = frozenset(
    "a an and are as at be below by for in is it less of on or per than that the to "
    "under with within".split()
)


def _repeat(low: int, high: int, body: _Node) -> _Node:
    if low == 0:
        if high == 1 and body.exact is not None:
            return _Node.of(body.exact | {""})
        # nothing, or a run that starts and ends as the body does
        return _Node(
            None,
            None if body.prefixes is None else body.prefixes | {""},
            None if body.suffixes is None else body.suffixes | {""},
            (),
        )
    if low == high == 1:
        return body
    # at least once: starts as the body starts, ends as it ends, holds what it holds
    return _Node(None, body.prefixes, body.suffixes, body.factors)


def _char(c: str, digits: bool) -> set[str] | None:
    """How a literal character a case-insensitive pattern matches looks in folded text:
    every digit is `0` and every space character a space in `cues` text; a letter outside
    ASCII may stand for several (`µ` also matches `Μ`, folded `μ`)."""
    if digits and c.isdigit():
        return {DIGIT}
    if digits and c.isspace():
        return {" "}
    if c.isascii():
        return {c.lower()}
    forms = {x.lower() for x in (c, c.upper(), c.lower(), c.casefold(), c.upper().lower())}
    return forms if all(len(f) == 1 for f in forms) else None


def _category(category: object, digits: bool) -> set[str] | None:
    if category is C.CATEGORY_DIGIT:
        return {DIGIT} if digits else None
    if category is C.CATEGORY_SPACE:
        return {" "} if digits else None
    return None


def _class(members: list, digits: bool) -> set[str] | None:
    """The strings a character class `[...]` matches, if it is a few plain characters."""
    out: set[str] = set()
    for op, arg in members:
        if op is C.LITERAL:
            forms = _char(chr(arg), digits)
            if forms is None:
                return None
            out |= forms
        elif op is C.CATEGORY:
            found = _category(arg, digits)
            if found is None:
                return None
            out |= found
        elif op is C.RANGE and digits and chr(arg[0]).isdigit() and chr(arg[1]).isdigit():
            out.add(DIGIT)
        else:
            return None
    return out if len(out) <= 8 else None
