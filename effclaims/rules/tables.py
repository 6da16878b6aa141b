"""Rates, times and factors in the cells of a Markdown table, read with its header's words.

READMEs, model cards and blog posts report speed as tables:

    ## Speed
    | GPU      | Baseline (tok/s) | ours (tok/s) | Latency |
    |----------|------------------|--------------|---------|
    | RTX 4090 | 61               | 148          | 6.8 s   |

A cell on its own is a bare number (`61`) or an amount with nothing done named beside it
(`6.8 s`), which the sentence rules rightly leave alone. In a table the column's header
names the unit (`(tok/s)`) or the quantity (`Latency`), and the heading above it what
was measured, so each cell is read as the sentence `It runs at 61 tok/s.` or `It takes
6.8 s.` would be: by the rate rules themselves, so that units and values come out exactly
as they do in prose. A factor (`1.38x`) under a header that sets it against a baseline
(`vs. FlashAttention-3`) is read by the ratio rules as `It is 1.38x faster.`
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..compiled import lazy
from .base import Found, ms_per
from .patterns import facts
from .rates import find_rates
from .ratios import find_ratios, resources_in

#: The line under a table's header: `|---|:--:|`.
_SEPARATOR = lazy(r"^\s*\|?(?:\s*:?-+:?\s*\|)+\s*(?::?-+:?\s*)?$")
#: A cell that holds one amount: `61`, `**148**`, `6.8 s`, `1,240 tok/s`, `−57%`, `3-fold`.
_CELL = lazy(
    r"^[\s*_`]*(?P<sign>[-+−–])?(?P<n>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s?(?P<u>[A-Za-zµ/]+(?:/[A-Za-z]+)?|×|%)|-(?P<u>fold))?[\s*_`]*$"
)
#: The units of a factor in a cell: `1.38x`, `2.0×`, `3 times`, `4-fold`.
_FACTOR_UNITS = ("x", "×", "times", "fold")
#: Header words that set a factor against a baseline: `vs. FlashAttention-3`, `speedup`.
_AGAINST = lazy(
    r"\bvs\.?|\bversus\b|\bspeed-?ups?\b|\brelative\b|\bgains?\b|\bover\b|\bfaster\b|"
    r"\bchanges?\b|\bimprovements?\b|\breductions?\b|Δ",
    regex.IGNORECASE,
)
#: The unit a header or a row's label gives its cells: in brackets at its end (`Baseline
#: (tok/s)`, `Latency [ms]`), or the label itself (`images/s`), or at a label's start
#: (`tokens/s (A10G, bs=1)`), or a rate's unit anywhere in it (`decode tok/s per user`).
_HEADER_UNIT = lazy(
    r"[(\[]\s*(?P<u>[A-Za-zµ/]{1,12})\s*[)\]]\s*$"
    r"|^[\s*_`]*(?P<u>[A-Za-zµ]{1,8}/[A-Za-z]{1,4}|[KMGTP]?FLOPS|[GT]OPS|FPS|QPS|ms|µs)\b"
    r"|(?<![\w/])(?P<u>(?:tokens?|tok|images?|img|samples?|queries|requests|frames|it)/s)(?![\w/])"
)
#: Words of a header or heading that make the times under it times taken to do something.
_TIME_TAKEN = lazy(
    r"\b(?:latenc\w*|times?|speed|runtime|duration|wall|TTFT|TPOT|ITL|p50|p90|p95|p99|"
    r"per\s+(?:image|frame|token|step|query|request|sample|batch|clip|utterance)|steps?)\b",
    regex.IGNORECASE,
)
_HEADING = lazy(r"(?m)^#{1,6}[ \t]+(?P<title>[^\n]+)$")
#: A rate in Hz in a table is most often a clock, not work done.
_SKIPPED_RULES = frozenset({"rate.hz"})


def find_table_cells(text: str) -> list[Found]:
    """The rates and times in the cells of the Markdown tables of `text`, offsets into it."""
    out: list[Found] = []
    for header, rows, start, end in _tables(text):
        around = _words_around(text, start, end)
        for row in rows:
            label = row[0][1] if row else ""
            for (cell_start, cell), (_, title) in zip(row, header, strict=False):
                found = _cell_claim(cell, title, label, around)
                if found is not None:
                    a, b = found
                    out.append(
                        Found(
                            a.type,
                            a.value,
                            cell_start + b[0],
                            cell_start + b[1],
                            "table." + a.rule,
                            a.bound,
                            a.value_min,
                            a.unit,
                        )
                    )
    return out


Cells = list[tuple[int, str]]


def _tables(text: str) -> Iterator[tuple[Cells, list[Cells], int, int]]:
    """Each table's header cells, body rows, start and end, each cell with its offset."""
    lines: list[tuple[int, str]] = []
    at = 0
    for line in text.split("\n"):
        lines.append((at, line))
        at += len(line) + 1
    i = 0
    while i + 1 < len(lines):
        start, line = lines[i]
        if _row(line) and _SEPARATOR.match(lines[i + 1][1]):
            j = i + 2
            rows = []
            while j < len(lines) and _row(lines[j][1]):
                rows.append(_cells(*lines[j]))
                j += 1
            if rows:
                end = lines[j - 1][0] + len(lines[j - 1][1])
                yield _cells(start, line), rows, start, end
            i = j
        else:
            i += 1


def _row(line: str) -> bool:
    """Whether a line is a table row: it opens with a bar and has another."""
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def _cells(start: int, line: str) -> Cells:
    """The cells of a row between its bars, each with its offset into the text."""
    cells = []
    at = start + line.index("|") + 1
    for part in line[line.index("|") + 1 :].split("|")[:-1]:
        cells.append((at, part))
        at += len(part) + 1
    return cells


def _words_around(text: str, start: int, end: int) -> str:
    """What a table's text says of it: the last heading and the line above it, and the
    note below it."""
    return _heading_before(text, start) + " " + _line_after(text, end)


def _heading_before(text: str, start: int) -> str:
    """The title of the last Markdown heading before a table, and the line right above it."""
    titles = [m["title"] for m in _HEADING.finditer(text, 0, start)]
    above = text[:start].rstrip("\n").rsplit("\n", 1)[-1]
    return " ".join([titles[-1] if titles else "", above])


def column_title(text: str, pos: int) -> str | None:
    """The header of the table column that holds position `pos` of `text`, or None where
    `pos` is in no body row of a Markdown table: a rule that reads a row as a sentence
    learns from it what the cell counts (`MACs` above `118M`)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : end if end != -1 else len(text)]
    if not _row(line):
        return None
    column = line.count("|", 0, pos - start) - 1
    above = text[:start].rstrip("\n").split("\n")
    for i in range(len(above) - 1, 0, -1):
        if _SEPARATOR.match(above[i]):
            header = [cell for _, cell in _cells(0, above[i - 1])] if _row(above[i - 1]) else []
            return header[column].strip() if 0 <= column < len(header) else None
        if not _row(above[i]):
            return None
    return None


def _line_after(text: str, end: int) -> str:
    """The first line of text after a table, past blank lines: a note on what its cells
    are (`Speedups in the table are relative to FP16 cuBLAS`)."""
    return text[end:].lstrip("\n").split("\n", 1)[0]


def _cell_claim(
    cell: str, title: str, label: str, around: str
) -> tuple[Found, tuple[int, int]] | None:
    """The claim a cell makes, read as a sentence, with the span of its amount in the cell:
    its unit is its own, else its column header's, else its row label's."""
    m = _CELL.match(cell)
    if m is None:
        return None
    given = _HEADER_UNIT.search(title) or _HEADER_UNIT.search(label)
    unit = m["u"] or (given["u"] if given else None)
    if unit is None:
        return None
    if unit.lower() in _FACTOR_UNITS:
        return _factor(m, title, label, around)
    if unit == "%":
        return _share(m, title, label)
    if m["sign"]:
        return None  # a signed amount is a difference, not a rate or a time
    is_time = ms_per(unit.lower()) is not None
    if is_time and not _TIME_TAKEN.search(" ".join((title, label, around))):
        return None
    sentence = f"It {'takes' if is_time else 'runs at'} {m['n']} {unit}."
    for f in find_rates(sentence, facts(sentence)):
        if f.rule not in _SKIPPED_RULES:
            return f, (m.start("n"), m.end("u") if m["u"] else m.end("n"))
    return None


def _share(m: regex.Match[str], title: str, label: str) -> tuple[Found, tuple[int, int]] | None:
    """A percentage in a column of changes (`change`, `Δ`): a fall of the resource the row
    names (`optimizer memory | −57%`) read as `It needs 57% less optimizer memory`, a rise
    of a speed as `It is 35% faster`; a rise of a cost is spending more, no claim."""
    if not _AGAINST.search(title) or not m["sign"]:
        return None
    named = resources_in(label)
    if not named:
        return None
    if m["sign"] in "-−–":
        sentence = f"It needs {m['n']}% less {label}."
    elif named == ["speedup"]:
        sentence = f"It is {m['n']}% faster."
    else:
        return None
    return _read_as(sentence, (m.start("sign"), m.end("u")))


def _factor(
    m: regex.Match[str], title: str, label: str, around: str = ""
) -> tuple[Found, tuple[int, int]] | None:
    """A factor in a cell (`1.38x`) under a header that sets it against a baseline (`vs.
    FlashAttention-3`, `speedup`), or in a table whose heading or note does (`Speedups in
    the table are relative to FP16 cuBLAS`): read as the ratio rules read `It is 1.38x
    faster`, or, where the header or the row names another resource, `It needs 1.38x less
    <resource>`."""
    words = f"{title} {label}".strip()
    if not _AGAINST.search(words) and not _AGAINST.search(around):
        return None
    named = resources_in(words)
    sentence = (
        f"It needs {m['n']}x less {words}."
        if named and named != ["speedup"]
        else f"It is {m['n']}x faster."
    )
    return _read_as(sentence, (m.start("n"), m.end("u")))


def _read_as(sentence: str, span: tuple[int, int]) -> tuple[Found, tuple[int, int]] | None:
    """The ratio claim of the sentence a cell is read as, with the cell's span of it."""
    for f in find_ratios(sentence, facts(sentence)):
        return f, span
    return None
