"""The HTML report of `effclaims show`: a summary with charts, then every paper with its claims marked.

The page is one self-contained file: styles inline, charts as inline SVG drawn here, no
script, no font, image or link to fetch. Its Content-Security-Policy forbids every load,
so a page that tried to reach the network would only log an error, never send a request.
The type filters are checkboxes styled with CSS `:has()`, which needs no script.

Claims are marked from their character offsets, so a mark covers exactly the claim's
text. Every claim gets one `<mark class="claim">`; claims that share text are nested,
and a claim whose text crosses the end of another is continued in a second
`<mark class="claim-part">`, since HTML elements cannot overlap.
"""

from __future__ import annotations

import math
import os
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Any, TextIO

from . import __version__
from .claim_types import BOUNDS, TYPES, format_value
from .datafiles import DataFileError, check, load_data
from .model import Claim, Paper
from .stats import TOP_HARDWARE, Summary, bits_label, factor, summarize

#: Papers shown on a page unless told otherwise: a page of many more takes long to open.
LIMIT = 1000

#: The LaTeX markup shown as text (`data/latex_shown.toml`).
_MARKUP_SCHEMA = {"markup": [{"pattern": str, "shown?": str, "keep?": bool}]}


@dataclass(frozen=True)
class _Markup:
    """One kind of LaTeX markup: a regex and its text, or (`keep`) its group 1 kept."""

    pattern: re.Pattern[str]
    shown: str = ""
    keep: bool = False


@cache
def _markup() -> tuple[_Markup, ...]:
    return markup_rules(load_data("latex_shown", _MARKUP_SCHEMA))


def markup_rules(data: dict[str, Any]) -> tuple[_Markup, ...]:
    """The rules of a parsed latex_shown.toml, checked: each has either `shown` or
    `keep = true` (and then a group to keep), and a pattern that compiles."""
    check(data, _MARKUP_SCHEMA, "latex_shown.toml")
    rules = []
    for n, entry in enumerate(data["markup"]):
        where = f"latex_shown.toml.markup[{n}]"
        keep = entry.get("keep", False)
        if ("shown" in entry) == keep:
            raise DataFileError(f"{where}: either shown or keep = true expected")
        try:
            pattern = re.compile(entry["pattern"])
        except re.error as e:
            raise DataFileError(f"{where}.pattern: {e}") from None
        if keep and pattern.groups < 1:
            raise DataFileError(f"{where}.pattern: keep = true needs a group to keep")
        rules.append(_Markup(pattern, entry.get("shown", ""), keep))
    return tuple(rules)


def _rewrites(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, shown) pieces of markup in `text`, in order."""
    if not any(c in text for c in "\\$^{"):
        return []
    found: list[tuple[int, int, str]] = []
    for rule in _markup():
        for m in rule.pattern.finditer(text):
            if rule.keep:
                found += [(m.start(), m.start(1), ""), (m.end(1), m.end(), "")]
            else:
                found.append((m.start(), m.end(), rule.shown))
    found.sort()
    kept: list[tuple[int, int, str]] = []
    for start, end, shown in found:
        if start < end and (not kept or start >= kept[-1][1]):
            kept.append((start, end, shown))
    return kept


def _shown(text: str, start: int, end: int, rewrites: list[tuple[int, int, str]]) -> str:
    """`text[start:end]` as HTML, with the markup wholly inside it shown as text."""
    out = []
    pos = start
    for i in range(bisect_left(rewrites, (start,)), len(rewrites)):
        a, b, shown = rewrites[i]
        if a >= end:
            break
        if b <= end:
            out += [escape(text[pos:a], quote=False), escape(shown, quote=False)]
            pos = b
    out.append(escape(text[pos:end], quote=False))
    return "".join(out)


_CSS = """
:root { color-scheme: light; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: #1f2328; background: #f6f7f9; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 64px; }
header h1 { margin: 0 0 2px; font-size: 26px; }
header p { margin: 0; color: #59636e; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; margin: 20px 0; }
figure { margin: 0; padding: 12px 14px; background: #fff; border: 1px solid #dfe3e8; border-radius: 8px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
figcaption small { font-weight: 400; color: #59636e; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font: 12px system-ui, "DejaVu Sans", sans-serif; fill: #1f2328; }
svg .axis { stroke: #8c959f; stroke-width: 1; }
svg .muted { fill: #59636e; }
svg .count { font-size: 10px; }
.empty-chart { color: #59636e; font-style: italic; margin: 8px 0; }
.filters { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: center;
  padding: 8px 12px; margin: 0 0 16px; background: #fffffff2; border: 1px solid #dfe3e8; border-radius: 8px; font-size: 13px; }
.filters label { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; white-space: nowrap; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; border: 2px solid; }
article.paper { background: #fff; border: 1px solid #dfe3e8; border-radius: 8px; padding: 12px 16px; margin: 0 0 12px; }
article.paper h2 { font-size: 17px; margin: 0 0 2px; line-height: 1.6; }
article.paper .meta { margin: 0 0 6px; color: #59636e; font-size: 13px; }
article.paper .abstract { margin: 0; }
article.paper.no-claims { opacity: .7; }
.listing-note { color: #59636e; font-size: 13px; margin: 0 0 12px; }
mark { background: none; color: inherit; }
mark.claim, mark.claim-part { padding: 1px 1px; border-radius: 3px; border-bottom: 2px solid; }
mark[data-label]::after { content: attr(data-label); margin-left: 3px; padding: 0 3px; border-radius: 3px;
  font-size: 10.5px; font-weight: 600; vertical-align: 1px; color: #fff; white-space: nowrap; }
"""


def write_report(
    pairs: Iterable[tuple[Paper, list[Claim]]],
    fh: TextIO,
    title: str | None = None,
    top: int = TOP_HARDWARE,
    limit: int | None = LIMIT,
) -> None:
    """Write the page for (paper, claims) pairs; they are all read first, the summary leads."""
    fh.write(render_report(pairs, title, top, limit))


class _Shown:
    """The papers a page lists, kept while all pairs pass on to the summary.

    At most `limit` (None: all), papers with claims first, each group in input order;
    `sources` are the input names of every paper.
    """

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.with_claims: list[tuple[Paper, list[Claim]]] = []
        self.without: list[tuple[Paper, list[Claim]]] = []
        self.sources: dict[str, None] = {}

    def keep(
        self, pairs: Iterable[tuple[Paper, list[Claim]]]
    ) -> Iterator[tuple[Paper, list[Claim]]]:
        for pair in pairs:
            paper, claims = pair
            if paper.source:
                self.sources.setdefault(os.path.basename(paper.source))
            group = self.with_claims if claims else self.without
            if self.limit is None or len(group) < self.limit:
                group.append(pair)
            yield pair

    def papers(self) -> list[tuple[Paper, list[Claim]]]:
        return (self.with_claims + self.without)[: self.limit]


def render_report(
    pairs: Iterable[tuple[Paper, list[Claim]]],
    title: str | None = None,
    top: int = TOP_HARDWARE,
    limit: int | None = LIMIT,
) -> str:
    """The page as one string of HTML, listing at most `limit` papers (None: all)."""
    shown = _Shown(limit)
    summary = summarize(shown.keep(pairs), top=top)
    listed = shown.papers()
    sources = list(shown.sources)
    title = title or "Efficiency claims" + (
        f" in {', '.join(sources)}" if len(sources) == 1 else ""
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="effclaims {escape(__version__)}">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}{_type_css()}</style>",
        "</head><body><main>",
        _header(title, summary, sources),
        _charts(summary),
        _filters(summary),
        _listing_note(len(listed), summary.papers),
        '<section class="papers">',
        *(_paper(paper, claims) for paper, claims in listed),
        "</section></main></body></html>\n",
    ]
    return "\n".join(parts)


def _listing_note(listed: int, papers: int) -> str:
    """Says that the page lists only some papers, when it does."""
    if listed == papers:
        return ""
    return (
        f'<p class="listing-note">Listing {listed:,} of {papers:,} papers, those with claims '
        "first (effclaims show --limit N sets how many; 0 lists all).</p>"
    )


def _type_css() -> str:
    """Colours per type, and the rules that let a cleared checkbox hide that type's marks."""
    rules = []
    for claim_type, kind in TYPES.items():
        background, colour = kind.background, kind.colour
        marks = f"mark.t-{claim_type}"
        rules += [
            f"{marks} {{ background: {background}; border-color: {colour}; }}",
            f"{marks}[data-label]::after {{ background: {colour}; }}",
            f".sw-{claim_type} {{ background: {background}; border-color: {colour}; }}",
            f"body:has(#show-{claim_type}:not(:checked)) {marks} "
            "{ background: none; border-color: transparent; }",
            f"body:has(#show-{claim_type}:not(:checked)) {marks}[data-label]::after "
            "{ display: none; }",
        ]
    rules.append("body:has(#only-with-claims:checked) article.no-claims { display: none; }")
    return "\n".join(rules)


def _header(title: str, summary: Summary, sources: Sequence[str]) -> str:
    counts = (
        f"{summary.claims} claim{'s' * (summary.claims != 1)} in "
        f"{summary.papers_with_claims} of {summary.papers} paper{'s' * (summary.papers != 1)}"
    )
    read_from = f" · read from {escape(', '.join(sources))}" if len(sources) > 1 else ""
    return f"<header><h1>{escape(title)}</h1><p>{counts}{read_from}</p></header>"


# --------------------------------------------------------------------------- charts


def _charts(summary: Summary) -> str:
    # the quantiles are None without speedups, and then there is no note
    q = {name: factor(v) for name, v in summary.quantiles().items() if v is not None}
    speedup_note = (
        f"median {q['median']}, quartiles {q['q1']}–{q['q3']}, range {q['min']}–{q['max']}"
        if q
        else ""
    )
    figures = [
        _figure(
            "Claims per type",
            "",
            hbar_chart(
                [(t, n, TYPES[t].colour) for t, n in summary.per_type.items()], "claims per type"
            ),
        ),
        _figure(
            f"Speedup factors <small>({len(summary.speedups)} claims, log scale)</small>",
            speedup_note,
            log_histogram(summary),
        ),
        _figure(
            "Bit-widths <small>(papers)</small>",
            "",
            hbar_chart(
                [
                    (bits_label(b), n, TYPES["bit_width"].colour)
                    for b, n in summary.bit_widths.items()
                ],
                "papers per bit-width",
            ),
        ),
        _figure(
            "Most frequent hardware <small>(papers)</small>",
            "",
            hbar_chart(
                [(name, n, TYPES["hardware"].colour) for name, n in summary.hardware],
                "papers per hardware",
            ),
        ),
    ]
    return f'<section class="charts">{"".join(figures)}</section>'


#: The width of a character of chart text (12 px system-ui), in pixels, at most; and of
#: the counts over histogram bars (10 px).
_CHAR_WIDTH = 7.5
_COUNT_CHAR_WIDTH = 6.2


def _count(n: int) -> str:
    """A count short enough to label a bar: 950, 1.2k, 12k, 1.5M."""
    for scale, suffix in ((1e6, "M"), (1e3, "k")):
        if n >= scale:
            return f"{n / scale:.2g}{suffix}" if n < 10 * scale else f"{n / scale:.0f}{suffix}"
    return str(n)


def _figure(caption: str, note: str, chart: str) -> str:
    note_html = f'<p class="meta"><small>{escape(note)}</small></p>' if note else ""
    return f'<figure class="chart"><figcaption>{caption}</figcaption>{chart}{note_html}</figure>'


def hbar_chart(rows: Sequence[tuple[str, int, str]], label: str, width: int = 480) -> str:
    """Horizontal bars (label, count, colour) as inline SVG, one row per bar."""
    if not rows:
        return '<p class="empty-chart">none found</p>'
    row_h, label_w, count_w = 22, 140, 44
    bar_w = width - label_w - count_w
    largest = max(n for _, n, _ in rows) or 1
    height = row_h * len(rows) + 4
    items = []
    for i, (name, n, colour) in enumerate(rows):
        y = 2 + i * row_h
        w = bar_w * n / largest
        items.append(
            f'<g class="bar" data-label="{escape(name)}" data-count="{n}">'
            f"<title>{escape(name)}: {n}</title>"
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" rx="2" fill="{colour}"/>'
            f'<text x="{label_w + w + 5:.1f}" y="{y + 15}" class="muted">{n}</text></g>'
        )
    return (
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}">{"".join(items)}</svg>'
    )


def log_histogram(summary: Summary, width: int = 480, height: int = 210) -> str:
    """The speedup histogram: one bar per doubling, edges labelled on a log axis."""
    bins = summary.histogram()
    if not bins:
        return '<p class="empty-chart">no speedup claims</p>'
    # room on the right for half the last edge's label, which is centred on the edge
    left, right, top, bottom = 44, 30, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / len(bins)
    largest = max(b.count for b in bins) or 1
    base = top + plot_h
    colour = TYPES["speedup"].colour
    items = [
        f'<line class="axis" x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" class="muted">{_count(largest)}</text>',
        f'<text x="{left - 6}" y="{base}" text-anchor="end" class="muted">0</text>',
    ]
    # Edge labels would collide when there are many bins: label every k-th edge, so that
    # labels are at least the width of the widest apart.
    widest = max(len(factor(b.high)) for b in bins) * _CHAR_WIDTH
    every = max(1, math.ceil((widest + 6) / step))
    for i, b in enumerate(bins):
        x = left + i * step
        h = plot_h * b.count / largest
        span = f"{factor(b.low)}–{factor(b.high)}"
        items.append(
            f'<g class="bar" data-label="{escape(span)}" data-count="{b.count}">'
            f"<title>{escape(span)}: {b.count}</title>"
            f'<rect x="{x + 1:.1f}" y="{base - h:.1f}" width="{step - 2:.1f}" height="{h:.1f}" fill="{colour}"/>'
            + (
                f'<text x="{x + step / 2:.1f}" y="{base - h - 3:.1f}" text-anchor="middle" class="muted count">{_count(b.count)}</text>'
                if b.count and len(_count(b.count)) * _COUNT_CHAR_WIDTH <= step - 2
                else ""
            )
            + "</g>"
        )
    for i, above in enumerate([*bins, None]):
        if i % every:
            continue
        edge = bins[i - 1].high if above is None else above.low
        x = left + i * step
        items.append(f'<line class="axis" x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 4}"/>')
        items.append(
            f'<text x="{x:.1f}" y="{base + 17}" text-anchor="middle">{escape(factor(edge))}</text>'
        )
    items.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle" class="muted">'
        "speedup factor (old / new), log scale</text>"
    )
    return (
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="histogram of speedup factors">{"".join(items)}</svg>'
    )


# --------------------------------------------------------------------------- papers


def _filters(summary: Summary) -> str:
    boxes = [
        f'<label><input type="checkbox" id="show-{t}" checked>'
        f'<span class="swatch sw-{t}"></span>{escape(TYPES[t].label)} ({summary.per_type[t]:,})'
        "</label>"
        for t in TYPES
    ]
    boxes.append(
        '<label><input type="checkbox" id="only-with-claims">only papers with claims</label>'
    )
    return f'<nav class="filters" aria-label="claim types">{"".join(boxes)}</nav>'


def _paper(paper: Paper, claims: list[Claim]) -> str:
    by_field: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_field[claim.field].append(claim)
    meta = [
        escape(os.path.basename(paper.source)) + f" #{paper.index}"
        if paper.source
        else f"#{paper.index}",
        escape(paper.date) if paper.date else "",
        f"{paper.authors} authors" if paper.authors else "",
        f"{paper.upvotes} upvotes" if paper.upvotes is not None else "",
        f"{len(claims)} claim{'s' * (len(claims) != 1)}",
    ]
    classes = "paper" if claims else "paper no-claims"
    # Plain-text inputs have no titles: an empty heading would only leave a gap.
    heading = f"<h2>{highlight(paper.title, by_field['title'])}</h2>" if paper.title else ""
    return (
        f'<article class="{classes}" data-claims="{len(claims)}">'
        f"{heading}"
        f'<p class="meta">{" · ".join(m for m in meta if m)}</p>'
        f'<p class="abstract">{highlight(paper.abstract, by_field["abstract"])}</p>'
        "</article>"
    )


def label(claim: Claim) -> str:
    """The tag shown after a mark: the type and the normalised value, `speedup ≤2.4×`."""
    return f"{claim.type} {BOUNDS[claim.bound].sign}{format_value(claim)}"


def _tooltip(claim: Claim) -> str:
    word = BOUNDS[claim.bound].word
    parts = [f"{claim.type}: {word + ' ' if word else ''}{format_value(claim)}"]
    parts += [
        f"{name} {value}"
        for name, value in (
            ("model", claim.model),
            ("on", claim.hardware),
            ("vs", claim.baseline),
            ("rule", claim.rule),
        )
        if value
    ]
    return " · ".join(parts)


def highlight(text: str, claims: Sequence[Claim]) -> str:
    """`text` as HTML with one `<mark class="claim">` per claim, from its offsets.

    LaTeX markup between the boundaries of marks is shown as text (`_shown`).

    Boundaries are visited left to right with a stack of open marks. A claim that starts
    where others start opens around them if it is longer (or, for the same text, if it
    comes later, so labels read in claim order). When a claim ends below the top of the
    stack, the marks above it are closed and reopened as `claim-part`. Each claim's label
    goes on its last piece, so it always follows the claim's whole text.
    """
    starts: dict[int, list[int]] = defaultdict(list)
    for i in sorted(range(len(claims)), key=lambda i: (-claims[i].end, -i)):
        starts[claims[i].start].append(i)
    boundaries = sorted({0, len(text)} | {c.start for c in claims} | {c.end for c in claims})
    rewrites = _rewrites(text)
    out: list[str] = []
    latest: dict[int, tuple[int, bool]] = {}  # claim → (place in `out`, is a part) of its open mark
    stack: list[int] = []

    def open_mark(i: int, part: bool) -> None:
        latest[i] = (len(out), part)
        out.append(_open_tag(claims[i], part=part, labelled=False))
        stack.append(i)

    pos = 0
    for p in boundaries:
        out.append(_shown(text, pos, p, rewrites))
        pos = p
        ending = [depth for depth, i in enumerate(stack) if claims[i].end == p]
        if ending:
            above, stack[:] = stack[min(ending) :], stack[: min(ending)]
            out.append("</mark>" * len(above))
            for i in above:
                if claims[i].end == p:
                    place, part = latest[i]
                    out[place] = _open_tag(claims[i], part=part, labelled=True)
                else:
                    open_mark(i, part=True)
        for i in starts.get(p, ()):
            open_mark(i, part=False)
    return "".join(out)


def _open_tag(claim: Claim, *, part: bool, labelled: bool) -> str:
    kind = "claim-part" if part else "claim"
    attrs = f'class="{kind} t-{claim.type}"'
    if not part:
        attrs += f' title="{escape(_tooltip(claim))}"'
    if labelled:
        attrs += f' data-label="{escape(label(claim))}"'
    return f"<mark {attrs}>"
