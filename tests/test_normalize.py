"""Normalisation: the rewrite starts it finds and the map back to the original, each checked
against a plain formulation."""

from __future__ import annotations

import regex
from corpus import case_texts, seed_abstracts

from effclaims import normalize as normalize_module
from effclaims.normalize import (
    _E_NOTATION,
    _GLUE,
    _GLUED_AFTER_SIGN,
    _LIGATURES,
    _NON_ASCII,
    _TAILS,
    _candidates,
    normalize,
)

# Texts where the shortcuts' tests of a neighbouring character decide: starts with a
# digit, a space or a letter beside them, at either end of the text, Unicode digits
# and spaces, and each rewrite next to words that merely contain its literal.
AWKWARD = [
    "",
    "times",
    "sim",
    "(",
    "3times",
    "3 times",
    "sometimes",
    "3xtimes",
    "2.1xfaster x4xless 0xfolded",
    "\u0663times",
    "\uff13times",
    "22times less",
    "8timesH100",
    "timestimes",
    "2timestimes",
    "sim30B",
    "sim 30B",
    "sim\u00a030B",
    "simsim3",
    "similar 3",
    "asim3",
    "_sim3",
    "sim",
    "(ge 175B)",
    "( ge 175B)",
    "(le 7B)",
    "(\tle 7B)",
    "(\u00a0ge 5)",
    "(\u2003le 5)",
    "(gel 5)",
    "(general)",
    "(large)",
    "((ge 3)",
    "(ge",
    "(le\n4)",
    "$3.2\\times$ faster",
    "40\\% less",
    "W$_4$A$_8$",
    "x^{TM}",
    "{a}_{b}",
    "\\\\",
    "$4.6M and $5",
    "12\u2009000 and 3\u202f000",
    "up by **2.1\u00d7** and *4x* larger, 2*3 and 4 * 5, * a bullet, ***",
    "RTX A6000\u00b3 and 1.6\u00d710\u2074 and 10\u207b\u00b3 s in 0.2 mm\u00b2",
    "\u00e9t\u00e9 \u2013 2\u00d7",
    "ABC\u00ae\u2122",
    "R&D &amp; 3.5&#215;faster &#x2248;2&times; &ndash; &nosuch; &lt;10 ms &",
    "1.5--4$\\times$ -- a --- b - c ---- d -> e --> f ->",
    "a 2.4x speedupwhile 4-bitwith 2.7\u00d7fasterthan lesson lessons bitter speedup",
    "speedupwhile",
    "\u00e9speedupwhile speedupwhile\u00e9 speedupwhile_ speedupwhile2 xspeedupwhile",
    "lessthan",
    "$60%$ and $-38%$ and $5 for 20%$",
    "3\\\\times 50\\\\% Real\\-Time \\\\sim",
    "2.1$\\times$~faster by~40% 2~3x Stage~1 ~3x 23.4 $\\pm$ 1.2 ms \\textgreater{}30 &amp;times;",
    "4-\nbit 8- \n bit a-\nb 4-\n\n8 -\nx",
    "accel-\neration bil-\n  lion Re-\nduction wall-\nclock speed-\nup x-\nfaster",
    "1.9e20 4.5E+20 2e-4 3e 1e100 a1e83826 1e5x 1e5. e5 1ee5 9e+-3 \u0663e5",
    "Vicuna-{7B,13B} and Llama3-{8B,70B}, {a, b}, {a,b,c,d,e,f,g,h,i,j,k}, {{x,y}}, 127$\\to$62",
    "o -chip tra c, energy e ciency, e ective bu ers, o oading; the e ciency, tra c jam, cabu er",
]


def reference_candidates(text: str) -> list[tuple[int, int]]:
    """Where a rewrite may start, found by one regex scan per kind of start."""
    scans = [
        (regex.compile(r"[\\$^{}_&~*]"), 0),
        (regex.compile(r"(?<=[A-Za-z0-9])-\n\s*(?=[A-Za-z])"), 0),
        (regex.compile(r"(?<=\d)times"), 0),
        (regex.compile(_E_NOTATION), 0),
        (regex.compile(r"\bsim(?=\s?\d)"), 0),
        (regex.compile(r"\((?=\s*[gl]e\s)"), 1),
        (regex.compile(r"-{2,}>?"), 0),
        (regex.compile(r"->"), 0),
        (regex.compile(rf"(?<=\d)x{_GLUED_AFTER_SIGN}"), 0),
        (_NON_ASCII, 0),
        *((regex.compile(rx), 0) for rx, _ in _LIGATURES.values()),
    ]
    found = [(m.start() + skip, m.end()) for rx, skip in scans for m in rx.finditer(text)]
    for m in regex.finditer(r"\{[^{}\s,]{1,40}(?:,[^{}\s,]{1,40}){1,9}\}", text, overlapped=True):
        found += [(j, j + 1) for j in range(m.start(), m.end()) if text[j] == ","]
    for head in _GLUE["heads"]:  # a word glued after a claim word: where the word starts
        glued = regex.compile(rf"(?<![A-Za-z]){head}(?P<tail>{_TAILS})\b")
        found += [m.span("tail") for m in glued.finditer(text, overlapped=True)]
    return sorted(found)


def test_the_starts_are_those_their_regexes_find() -> None:
    """Marks are found with `str.find` and word starts only tried where the character
    beside them allows; the reference scans the whole text with each regex."""
    for text in [*AWKWARD, *case_texts(), *seed_abstracts()]:
        assert _candidates(text) == reference_candidates(text), text


def test_awkward_texts_hold_starts_of_every_kind() -> None:
    """The awkward texts reach every branch: each kind of start occurs among them."""
    found = {text[a : a + 1] for text in AWKWARD for a, _ in reference_candidates(text)}
    assert {
        "\\",
        "$",
        "^",
        "{",
        "_",
        "&",
        "-",
        ",",
        "w",
        "t",
        "s",
        " ",
        "g",
        "l",
        "\u2009",
        "*",
        "x",
        "e",
        "E",
    } <= found
    assert normalize("(ge 175B) 22times").text == "(\u2265175B) 22\u00d7"


# A hyphen at a line's end: gone where it broke a word the lexicon knows (its own list, a
# claim word, a number word), a compound's hyphen elsewhere.
LINE_BREAKS = [
    ("1.9x accel-\neration", "1.9x acceleration"),
    ("one bil-\n  lion vectors", "one billion vectors"),
    ("a 30% Re-\nduction", "a 30% Reduction"),
    ("speed-\nup of 2x", "speedup of 2x"),
    ("the wall-\nclock time", "the wall-clock time"),
    ("4-\nbit weights", "4-bit weights"),
    ("state-of-the-\nart", "state-of-the-art"),
    ("pre-\ntrained", "pre-trained"),
]


def test_a_hyphen_at_a_line_end_joins_a_word_it_broke() -> None:
    for text, expected in LINE_BREAKS:
        assert normalize(text).text == expected, text


class CharBuilder:
    """The normalised text with the original span of every character, one by one."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.pos = 0

    def put(self, a: int, b: int, rep: str, per_char: list[str] | None = None) -> None:
        self.out.append(self.text[self.pos : a] + rep)
        self.starts += range(self.pos, a)
        self.ends += range(self.pos + 1, a + 1)
        if per_char is None:
            self.starts += [a] * len(rep)
            self.ends += [b] * len(rep)
        elif len(rep) == b - a:
            self.starts += range(a, b)
            self.ends += range(a + 1, b + 1)
        else:
            for i, r in zip(range(a, b), per_char, strict=True):
                self.starts += [i] * len(r)
                self.ends += [i + 1] * len(r)
        self.pos = b

    def result(self) -> tuple[str, list[int], list[int]]:
        self.put(len(self.text), len(self.text), "")
        return "".join(self.out), self.starts, self.ends


# Rewrites that lengthen, shorten and delete, alone, in runs and next to each other.
MAPPED = [
    "\ufb01ne \ufb03 \u00bd cut",
    "x\u00ae\u2122y",
    "e\u0301t\u00e9 \u00e9\u0301",
    "\u00ad\u200bsoft",
    "3.2\\times and $\\sim$5",
    "\\textbf{4x} at {\\mu}s",
    "\u2460\u00b2\u2013\u2014\u2212",
    "\u3000\u00a0\u2009a",
    "\u0130stanbul \u00df \u01c5",
    "\ufb01\u00ae\ufb01",
    "\ufb01\u00ae",
    "\u00ae\ufb01",
    "12\u2009000\ufb01",
]


def test_the_pieces_map_each_character_as_a_map_per_character_does(monkeypatch) -> None:
    """Normalised text records the origin of each piece; the reference records that of
    each character, and both must give every span the same origin."""
    texts = [*MAPPED, *AWKWARD, *case_texts(), *seed_abstracts()]
    changed = 0
    for text in texts:
        norm = normalize(text)
        if norm.pieces is None:
            continue
        changed += 1
        with monkeypatch.context() as m:
            m.setattr(normalize_module, "_Builder", CharBuilder)
            out, starts, ends = normalize(text)
        assert norm.text == out, text
        for k in range(len(out)):
            assert norm.span(k, k + 1) == (starts[k], ends[k]), (text, k)
            assert norm.span(k, k) == (starts[k], starts[k]), (text, k)
        assert norm.span(len(out), len(out)) == (len(text), len(text))
    assert changed > len(MAPPED)
