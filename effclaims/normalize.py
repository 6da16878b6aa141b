"""Text → normalised text plus a map back to the original offsets.

Rules match a canonical form of the text (`×` for every multiplication sign and lost
LaTeX `\\times`, `%` for `\\%`, `-` for every dash, plain spaces, NFKC), but every claim
must point into the text the user gave. Rewriting first and losing the way back is
what breaks offsets in other extractors, so every replacement here is recorded: the
normalised string comes with, for each of its characters, the original span it came
from.
"""

from __future__ import annotations

import html
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from .compiled import compile_pattern
from .substrings import Substrings
from .vocabulary import lexicon, number_words, table

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_TIMES = "\u00d7\u2715\u2716\u2a2f\u2a09"
_TILDES = "\u223c\u2248\u301c\uff5e\u02dc"


@lru_cache(maxsize=4096)
def _char(c: str) -> str:
    """Canonical form of one non-ASCII character."""
    if c in _DASHES:
        return "-"
    if c in _TIMES:
        return "×"
    if c in _TILDES:
        return "~"
    if c in "≤≥µ":
        return c
    if c.isspace() or unicodedata.category(c) == "Zs":
        return " "
    category = unicodedata.category(c)
    if category in ("Cf", "Mn"):  # zero-width marks, soft hyphens
        return ""
    if category == "Cs":  # a lone surrogate (cut UTF-16), which no encoder takes
        return "\ufffd"
    if _NEWER_DIGIT.match(c) and unicodedata.decimal(c, None) is None:
        return _newer_digit(c)
    return unicodedata.normalize("NFKC", c)


# A digit the regex module knows (its Unicode tables are newer than Python's) but Python
# does not: the patterns would match it as a number that `float` cannot read. Compiled
# by `regex` itself: `re` reads `\d` with Python's tables, which lack these digits.
_NEWER_DIGIT = regex.compile(r"\d")


def _newer_digit(c: str) -> str:
    """The ASCII digit of a digit newer than Python's Unicode tables.

    Unicode keeps the digits of a script as one run from zero to nine, and runs touch
    only in whole tens (the mathematical digits), so a digit's value is its distance from
    the start of its run modulo ten.
    """
    start = ord(c)
    while start > 0 and _NEWER_DIGIT.match(chr(start - 1)):
        start -= 1
    return str((ord(c) - start) % 10)


_GLUE = lexicon()["glue"]
#: Claim words that lose the space before the next word (`speedupwhile`) or after a sign
#: (`2.7×faster`), and the words glued to them.
_HEADS = "|".join(sorted(_GLUE["heads"], key=len, reverse=True))
_TAILS = "|".join(sorted(_GLUE["tails"], key=len, reverse=True))
_GLUED_AFTER_SIGN = rf"(?=(?:{_HEADS})(?:{_TAILS})?\b)"
_GLUED_AFTER_SIGN_RX = compile_pattern(_GLUED_AFTER_SIGN)
#: a factor's `x` with a claim word glued after it: `2.1xfaster`
_GLUED_X = rf"(?<=\d)x{_GLUED_AFTER_SIGN}"
_WORDS_OF_THEIR_OWN = frozenset(_GLUE["words"])
_LETTERS = compile_pattern(r"[A-Za-z]*")


def _entity(m: regex.Match[str]) -> str:
    """What an HTML entity stands for, in canonical form (`&#215;` → `×`, `&ndash;` → `-`),
    with the space put back before a claim word glued to it (`&times;faster`)."""
    return _unglue_sign(m.string, m.end(), _unescaped(m.group()))


@cache
def _unescaped(entity: str) -> str:
    """An entity's canonical text; marks are dropped as when written plainly (`&reg;`)."""
    text = html.unescape(html.unescape(entity))
    return "".join(c if c.isascii() else _char(c) for c in text if c not in "®™")


def _unglued(m: regex.Match[str]) -> str:
    """The first letter of a word glued to a claim word, with the space it lost before it,
    unless the two make a word of their own (`lesson`)."""
    text, a = m.string, m.start()
    while a and text[a - 1].isalpha():
        a -= 1
    word = _LETTERS.match(text, a)
    if word and word.group().lower() in _WORDS_OF_THEIR_OWN:
        return m.group()
    return " " + m.group()


#: The words a hyphen at a line end may have broken (see `[broken]` of the lexicon): its
#: own list, the claim words of `glue`, the number words and the magnitude words.
_BROKEN_WORDS = frozenset(
    [
        *lexicon()["broken"]["words"],
        *(w.lower() for w in _GLUE["heads"]),
        *(w for w in [*number_words(), *table("scales")] if len(w) > 3 and w.isalpha()),
    ]
)


def _line_break(m: regex.Match[str]) -> str:
    """A hyphen and line break: gone where the halves around it make a word it broke
    (`accel-\neration`), a compound's hyphen otherwise (`wall-\nclock`)."""
    text, a = m.string, m.start()
    while a and text[a - 1].isalpha():
        a -= 1
    after = _LETTERS.match(text, m.end())
    if a == m.start() or not after:
        return "-"  # a number's compound: `4-\nbit`
    return "" if (text[a : m.start()] + after.group()).lower() in _BROKEN_WORDS else "-"


Replacement = str | Callable[[regex.Match[str]], str]

#: The `e` of a number in E notation, with a `+` after it: `1.9e20`, `3E+06`, `2e-4`.
_E_NOTATION = r"(?<=[0-9])[eE]\+?(?=-?[0-9]{1,2}(?!\w|\.\d))"

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPTS + "⁻", "0123456789-")


def _power(m: regex.Match[str]) -> str:
    """A power of ten written in superscript, as the patterns read one: `^4`, `^-3`."""
    return "^" + m.group().translate(_FROM_SUPERSCRIPT)


# Words that name a resource, as text extracted from a PDF writes them when the font's
# `ff`, `fi` or `ffi` ligature is lost (a space is left): the literal a broken word
# starts with, the regex of the broken part, and what it stands for.
_LIGATURES: dict[str, tuple[str, str]] = {
    "e ci": (r"(?<![A-Za-z])e (?=cien)", "effi"),  # e ciency, e cient
    "e ect": (r"(?<![A-Za-z])e (?=ect)", "eff"),  # e ective
    "tra c": (r"(?<![A-Za-z])tra (?=c\b)", "traffi"),  # tra c
    "o -chip": (r"(?<![A-Za-z])o (?=-chip)", "off"),  # o -chip
    "o oad": (r"(?<![A-Za-z])o (?=oad)", "offl"),  # o oad
    "bu er": (r"(?<![A-Za-z])bu (?=ers?\b)", "buff"),  # bu ers
}

# Replacements applied before NFKC: (the characters a match can start with, regex,
# replacement: a string or a function of the match). Rules are tried in order at each
# position a rewrite can start. A LaTeX command or escape may come with its backslash
# doubled (`3\\times`, `50\\%`), as text escaped twice arrives.
_LATEX: tuple[tuple[str, str, Replacement], ...] = (
    ("\\", r"\\{1,2}times(?![A-Za-z])", "×"),  # `3.2\times` / `$3.2\times$ faster` / `\times10^{4}`
    ("\\", r"\\{1,2}%", "%"),
    ("\\", r"\\{1,2}(?:sim|approx|simeq)\b\s?", "~"),
    ("\\", r"\\{1,2}(?:leq?|leqslant)\b\s?", "≤"),
    ("\\", r"\\{1,2}(?:geq?|geqslant)\b\s?", "≥"),
    ("\\", r"\\{1,2}mu\b\s?", "µ"),
    ("\\", r"\\{1,2}pm\b\s?", "±"),  # `23.4 $\pm$ 1.2 ms`
    ("\\", r"\\{1,2}(?:textgreater|gt)\b\s?", ">"),
    ("\\", r"\\{1,2}(?:textless|lt)\b\s?", "<"),
    ("\\", r"\\{1,2}(?:to|rightarrow|longrightarrow|Rightarrow)\b\s?", "→"),  # `127$\to$62`
    (
        "\\",
        r"\\{1,2}(?:textbf|textit|textrm|text|mathrm|mathbf|emph|mathit|texttt|textsc)\s*\{",
        "",
    ),
    ("^", r"\^\s*\{?\\?(?:circledR|textregistered|registered|trademark|texttrademark)\}?", ""),
    ("^", r"\^\s*\{\s*\\?(?:tiny|small|scriptsize)?\s*TM\s*\}", ""),
    ("\\", r"\\{1,2}[,;:! ]", " "),
    ("\\", r"\\{1,2}(?:left|right)\b", ""),
    ("\\", r"\\{1,2}(?=[-*_#+.()\[\]|<>])", ""),  # Markdown escapes: `Real\-Time`, `4\-bit`
    # math delimiters, but not a lone dollar sign (`$4.6M`): a pair around LaTeX markup,
    # a percentage (`$60%$`, its `%` unescaped) or a bare number (`$2$-$3\times$`); a closing one with a claim
    # word glued after it is a space (`$2\times$faster`)
    ("$", rf"(?<!\\)\${_GLUED_AFTER_SIGN}", " "),
    (
        "$",
        r"(?<!\\)\$(?=[^$\n]{0,60}?[\\^_{<>=][^$\n]{0,60}?\$|[-+~\d.,\s]{1,20}%\$|[-+~]?\d[\d.,]*\$)"
        r"|(?<=\$[^$\n]{0,60}?[\\^_{}<>=][^$\n]{0,60}?|\$[-+~\d.,\s]{1,20}%|\$[-+~]?\d[\d.,]*)(?<!\\)\$",
        "",
    ),
    # an HTML entity, also escaped twice (`&amp;times;`)
    ("&", r"&(?:amp;)?(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});", _entity),
    ("-", r"-+>", "→"),  # an arrow: `127 -> 62 ms`
    # a hard line break after a hyphen: a compound's (`4-\nbit`, `wall-\nclock`), or one
    # that broke a word (`accel-\neration`)
    ("-", r"(?<=[A-Za-z0-9])-\n\s*(?=[A-Za-z])", _line_break),
    # a LaTeX tie is a space: `2.1$\times$~faster`, `by~40%`, `3.9~s`, `26.0~GB` (but `2~3x`
    # is a range)
    ("~", r"(?<=[A-Za-z}$.])~(?=[A-Za-z\\$])|(?<=[A-Za-z])~(?=\d)|(?<=\d)~(?=[A-Za-zµ%])", " "),
    ("-", r"-{2,}", "-"),  # LaTeX dashes: `1.5--4`
    ("t", r"(?<=\d)times(?=\b|[A-Z])", "×"),  # lost LaTeX: `22times less`, `8timesH100`
    # a factor's `x` with a claim word glued after it: `2.1xfaster prefill`
    ("x", _GLUED_X, "x "),
    ("s", r"\bsim(?=\s?\d)", "~"),  # lost LaTeX: `sim30B`
    (" g", r"(?<=\()\s*ge\s+(?=\d)", "≥"),  # lost LaTeX inside brackets: `(ge 175B)`
    (" l", r"(?<=\()\s*le\s+(?=\d)", "≤"),
    ("_", r"(?<=[A-Za-z]\$?)_(?=\{?\d)", ""),  # LaTeX subscripts: `W$_4$A$_8$`
    ("\u2009\u202f", r"(?<=\d)[\u2009\u202f](?=\d{3}\b)", ""),  # thin-space thousands: `12 000`
    # superscript digits: a power of ten (`1.6×10⁴` → `1.6×10^4`), else after a word of
    # three or more characters or a bracket a footnote mark (`RTX A6000³`, `partners²`), but
    # not an exponent of a unit or a variable (`mm²`, `m/s²`, `O(n²)`)
    (_SUPERSCRIPTS + "⁻", rf"(?<=10)⁻?[{_SUPERSCRIPTS}]{{1,2}}", _power),
    # E notation, as the patterns read a power of ten: `1.9e20 FLOPs` → `1.9×10^20`
    ("eE", _E_NOTATION, "×10^"),
    (
        _SUPERSCRIPTS,
        rf"(?:(?<=[A-Za-z0-9]{{3}})|(?<=[)\]]))(?<!m)(?<!10)[{_SUPERSCRIPTS}]{{1,2}}(?![{_SUPERSCRIPTS}])",
        "",
    ),
    ("{}", r"[{}]", ""),
    # a LaTeX brace list loses its braces, so its members get a space: Vicuna-{7B,13B}
    (",", r"(?<=\{[^{}\s]{1,40}),(?=[^{}\s,]{1,40}(?:,[^{}\s,]{1,40}){0,8}\})", ", "),
    ("®™", r"[®™]", ""),
    # Markdown emphasis around a word or number: `by **2.1×**`, `grow *4×*`; not a power
    # (`2**10`), a product (`2*3`), a bullet's `* ` or a name's star (`A* search`): an
    # italic mark is one only with its pair on the line
    ("*", r"(?<![\w*])\*\*(?=\S)|(?<=\S)\*\*(?![\w*])", ""),
    (
        "*",
        r"(?<![\w*])\*(?=[\w.$][^*\n]{0,60}?[\w%×.)]\*(?![\w*]))"
        r"|(?<=(?<![\w*])\*[\w.$][^*\n]{0,60}?[\w%×.)])\*(?![\w*])",
        "",
    ),
    # a ligature a PDF lost, with a space where it was: `e ciency`, `o -chip memory tra c`
    *((key[0], rx, rep) for key, (rx, rep) in _LIGATURES.items()),
    # a word glued after a claim word: `speedupwhile`, `4-bitwith`
    (
        "".join(sorted({t[0] for t in _GLUE["tails"]})),
        rf"(?<=(?<![A-Za-z])(?:{_HEADS}))(?=(?:{_TAILS})\b)[a-z]",
        _unglued,
    ),
)

# The rewrites that may start with each character, in order; compiled when a text first
# has that character where a rewrite may start (most texts need few of them).
_BY_FIRST: dict[str, list[tuple[str, Replacement]]] = {}
for _first, _pattern, _rep in _LATEX:
    for _c in _first:
        _BY_FIRST.setdefault(_c, []).append((_pattern, _rep))


@cache
def _rules(
    c: str,
) -> tuple[regex.Pattern[str] | None, tuple[tuple[regex.Pattern[str], Replacement], ...]]:
    """The compiled rewrites that may start with `c`, and, where there are several, one
    regex that says whether any of them matches: one call where a backslash or dollar
    starts nothing (a run of `\\\\`), not one per rule."""
    rules = tuple((compile_pattern(pattern), rep) for pattern, rep in _BY_FIRST.get(c, ()))
    if len(rules) < 2:
        return None, rules
    return compile_pattern("|".join(f"(?:{rx.pattern})" for rx, _ in rules)), rules


# Where a rewrite can start. Single marks are found with `str.find`, which skips to each
# in native code: a regex scan for a character class tries every position and costs
# more than all the rest of normalisation. A word start is tried with its regex only
# where its literal occurs and the character beside it (before it for an offset of -1,
# after it otherwise) is not an ASCII character that its regex rules out there: most
# abstracts have `sim` (similar, simple), ` times` and brackets, but not these starts.
# Non-ASCII characters come as runs, mapped in one go.
_MARKS = "\\$^{}_&~*"


def _ascii_outside(char_class: str) -> frozenset[str]:
    """The ASCII characters that `char_class` does not match."""
    rx = compile_pattern(char_class)
    return frozenset(c for c in map(chr, range(128)) if not rx.fullmatch(c))


_WORD_STARTS: dict[str, tuple[int, frozenset[str], regex.Pattern[str], int]] = {
    "times": (-1, _ascii_outside(r"\d"), compile_pattern(r"(?<=\d)times"), 0),
    "sim": (3, _ascii_outside(r"[\s\d]"), compile_pattern(r"\bsim(?=\s?\d)"), 0),
    # the rewrite starts after the bracket
    "(": (1, _ascii_outside(r"[\sgl]"), compile_pattern(r"\((?=\s*[gl]e\s)"), 1),
    "--": (0, frozenset(), compile_pattern(r"-{2,}>?"), 0),
    # E notation: a digit, the `e` (where the rewrite starts), then a sign or a digit (one
    # entry shared by the twenty keys, worked out once)
    **dict.fromkeys(
        (f"{d}{e}" for d in "0123456789" for e in "eE"),
        (2, _ascii_outside(r"[0-9+-]"), compile_pattern(r"[0-9]" + _E_NOTATION), 1),
    ),
    "->": (0, frozenset(), compile_pattern(r"->"), 0),
    "-\n": (
        -1,
        _ascii_outside(r"[A-Za-z0-9]"),
        compile_pattern(r"(?<=[A-Za-z0-9])-\n\s*(?=[A-Za-z])"),
        0,
    ),
    **{key: (0, frozenset(), compile_pattern(rx), 0) for key, (rx, _) in _LIGATURES.items()},
    # a factor's `x` with a claim word glued after it: `2.1xfaster` (the text is searched as
    # it is, so only the heads written in lower case can follow a lower-case `x`)
    **dict.fromkeys(
        (f"x{head}" for head in _GLUE["heads"] if head.islower()),
        (-1, _ascii_outside(r"\d"), compile_pattern(_GLUED_X), 0),
    ),
}
_NON_ASCII = compile_pattern(r"[^\x00-\x7f]+")
# Every claim word with a word glued after it (`speedupwhile`), with the length of the
# claim word: the rewrite starts at the glued word.
_GLUED_PAIRS = {head + tail: len(head) for head in _GLUE["heads"] for tail in _GLUE["tails"]}
# The word starts and the glued pairs are found in one Aho-Corasick pass: a `str.find`
# per word costs as much for each of a dozen words as the pass does for all of them.
_STARTS = Substrings([*_WORD_STARTS, *_GLUED_PAIRS])
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _candidates(text: str) -> list[tuple[int, int]]:
    """Spans where a rewrite may start, in order: single positions and non-ASCII runs."""
    spans = []
    for mark in _MARKS:
        i = text.find(mark)
        while i != -1:
            spans.append((i, i + 1))
            i = text.find(mark, i + 1)
    ended: dict[str, int] = {}  # where each word's last match ended: `----` is one dash
    for a, b in _STARTS.hits(text):
        key = text[a:b]
        start = _WORD_STARTS.get(key)
        if start is None:  # a claim word with a word glued after it
            after = text[b : b + 1]
            if text[a - 1 : a] not in _ASCII_LETTERS and not (after.isalnum() or after == "_"):
                spans.append((a + _GLUED_PAIRS[key], b))
            continue
        beside, ruled_out, rx, skip = start
        j = a + beside
        if a >= ended.get(key, 0) and text[j : j + 1] not in ruled_out:  # empty past either end
            m = rx.match(text, a)
            if m:
                spans.append((a + skip, m.end()))
                ended[key] = m.end()
    if "{" in text:
        spans.extend(_brace_commas(text))
    if not text.isascii():
        spans.extend(m.span() for m in _NON_ASCII.finditer(text))
    spans.sort()
    return spans


_BRACE_LIST = compile_pattern(r"\{[^{}\s,]{1,40}(?:,[^{}\s,]{1,40}){1,9}\}")


def _brace_commas(text: str) -> list[tuple[int, int]]:
    """The commas of LaTeX brace lists (`{7B,13B}`), where a space is written after each."""
    out: list[tuple[int, int]] = []
    i = text.find("{")
    while i != -1:
        m = _BRACE_LIST.match(text, i)
        if m:
            out.extend((j, j + 1) for j in range(i, m.end()) if text[j] == ",")
        i = text.find("{", i + 1)
    return out


def _rewrite(text: str, pos: int) -> tuple[int, str] | None:
    """The end and replacement of the rewrite that starts at `pos`, if one does."""
    c = text[pos]
    gate, rules = _rules(c) if c in _BY_FIRST else (None, ())
    if gate is not None and not gate.match(text, pos):
        rules = ()
    for rx, rep in rules:
        m = rx.match(text, pos)
        if m and m.end() > pos:
            return m.end(), rep if isinstance(rep, str) else rep(m)
    if not c.isascii():
        return pos + 1, _char(c)
    return None


def _rewrites(text: str, a: int, b: int) -> list[tuple[int, int, str]]:
    """The rewrites of a candidate `text[a:b]`: one, or one per character of a non-ASCII run."""
    if text[a].isascii():
        hit = _rewrite(text, a)
        return [(a, hit[0], hit[1])] if hit else []
    out = []
    for i in range(a, b):
        c = text[i]
        if c in _BY_FIRST:
            hit = _rewrite(text, i)
            if hit:
                out.append((i, hit[0], hit[1]))
        else:
            out.append((i, i + 1, _char(c)))
    if out and out[-1][1] == b:
        out[-1] = (*out[-1][:2], _unglue_sign(text, b, out[-1][2]))
    return out


def _unglue_sign(text: str, end: int, rep: str) -> str:
    """`×` with the space back that a claim word glued after it lost (`2.7×faster`)."""
    if rep == "×" and _GLUED_AFTER_SIGN_RX.match(text, end):
        return "× "
    return rep


@dataclass(frozen=True)
class Normalized:
    """A normalised text and, when it differs from the original, the origins of its pieces.

    The normalised text is a run of pieces, each copied from the original or written for
    an original span. A copied character maps to itself; a written one to the whole span
    it stands for. Storing pieces rather than one origin per character keeps the map as
    small as the number of rewrites, which is what building and keeping it costs.
    """

    text: str
    original: str
    # Where each piece starts in the normalised text (ascending from 0) and in the
    # original, and the original end of a written piece (-1 for a copied one).
    pieces: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span (within the normalised text) to the original text
        (identity when nothing changed)."""
        if self.pieces is None:
            return start, end
        if end <= start:
            pos = _origin(self.pieces, start)[0] if start < len(self.text) else len(self.original)
            return pos, pos
        return _origin(self.pieces, start)[0], _origin(self.pieces, end - 1)[1]


def _origin(
    pieces: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]], k: int
) -> tuple[int, int]:
    """The original span of normalised character `k`."""
    at, origin, written = pieces
    j = bisect_right(at, k) - 1
    if written[j] < 0:
        pos = origin[j] + k - at[j]
        return pos, pos + 1
    return origin[j], written[j]


class _Builder:
    """The normalised text being built, with the origin of each of its pieces."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[str] = []
        self.size = 0  # length of the normalised text so far
        self.at: list[int] = []
        self.origin: list[int] = []
        self.written: list[int] = []
        self.pos = 0  # how far the original has been consumed

    def _piece(self, length: int, origin: int, written: int) -> None:
        """Record a piece of `length` characters (nothing if empty) and move past it."""
        if length:
            self.at.append(self.size)
            self.origin.append(origin)
            self.written.append(written)
            self.size += length

    def put(self, a: int, b: int, rep: str, per_char: list[str] | None = None) -> None:
        """Copy the original up to `a`, then write `rep` for `text[a:b]`.

        `per_char` gives the replacement of each original character when `rep` is the
        concatenation of one replacement per character (a non-ASCII run).
        """
        if a > self.pos:
            self.out.append(self.text[self.pos : a])
            self._piece(a - self.pos, self.pos, -1)
        self.out.append(rep)
        if per_char is None:
            self._piece(len(rep), a, b)
        elif len(rep) == b - a:
            self._piece(len(rep), a, -1)  # as long as the run: mapped as if copied
        else:
            for i, r in zip(range(a, b), per_char, strict=True):
                self._piece(len(r), i, i + 1)
        self.pos = b

    def result(self) -> Normalized:
        if not self.out:
            return Normalized(self.text, self.text)
        self.put(len(self.text), len(self.text), "")
        pieces = (tuple(self.at), tuple(self.origin), tuple(self.written))
        return Normalized("".join(self.out), self.text, pieces)


def normalize(text: str) -> Normalized:
    """Normalise `text` for matching, remembering where each character came from."""
    candidates = _candidates(text)
    if not candidates:
        return Normalized(text, text)  # the common case: nothing to rewrite
    built = _Builder(text)
    for a, b in candidates:
        if a < built.pos:
            continue
        run = text[a:b]
        if not run.isascii() and not any(c in _BY_FIRST for c in run):
            # a run of non-ASCII characters, each mapped on its own: done in bulk
            reps = [_char(c) for c in run]
            reps[-1] = _unglue_sign(text, b, reps[-1])
            joined = "".join(reps)
            if joined != run:
                built.put(a, b, joined, reps)
            continue
        for ra, rb, rep in _rewrites(text, a, b):
            if ra >= built.pos and rep != text[ra:rb]:
                built.put(ra, rb, rep)
    return built.result()
