"""A summary of the claims of a corpus: what a reader asks first about a pile of abstracts.

How many claims of each type, how large the claimed speedups are, which bit-widths and
which hardware come up most. `effclaims stats` prints it (rich table or JSON) and the
HTML report of `effclaims show` draws it, both from the one `Summary` built here, so the
page and the terminal always show the same numbers.

Hardware and bit-widths are counted in papers, not in mentions: an abstract that names
the A100 three times is still one paper run on an A100. Speedups are counted per claim,
since each is a separate measurement.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard

from .model import CLAIM_TYPES, Claim, Paper

if TYPE_CHECKING:
    from rich.console import Console

#: How many hardware names the summary lists unless told otherwise.
TOP_HARDWARE = 10


@dataclass(frozen=True)
class Bin:
    """One bar of the speedup histogram: factors in [low, high)."""

    low: float
    high: float
    count: int


@dataclass(frozen=True)
class Summary:
    """Counts and distributions of the claims of a set of papers."""

    papers: int
    papers_with_claims: int
    claims: int
    #: Claims of each type, every type in the specification's order (zeros included).
    per_type: dict[str, int]
    #: Values of the speedup claims, ascending.
    speedups: tuple[float, ...]
    #: Papers stating each bit-width, by ascending number of bits.
    bit_widths: dict[float, int]
    #: (canonical name, papers naming it), most frequent first, ties by name.
    hardware: tuple[tuple[str, int], ...]

    def quantiles(self) -> dict[str, float | None]:
        """Min, quartiles, median and max of the speedups (None when there are none)."""
        points = {"min": 0.0, "q1": 0.25, "median": 0.5, "q3": 0.75, "max": 1.0}
        if not self.speedups:
            return dict.fromkeys(points)
        return {name: quantile(self.speedups, q) for name, q in points.items()}

    def histogram(self) -> list[Bin]:
        """Speedups in bins one doubling wide ([1, 2), [2, 4), ...): equal widths on a log scale."""
        return log2_histogram(self.speedups)

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain JSON values, for `effclaims stats --format json`."""
        return {
            "papers": self.papers,
            "papers_with_claims": self.papers_with_claims,
            "claims": self.claims,
            "types": dict(self.per_type),
            "speedup": {
                "count": len(self.speedups),
                **self.quantiles(),
                "histogram": [
                    {"low": b.low, "high": b.high, "count": b.count} for b in self.histogram()
                ],
            },
            "bit_widths": [
                {"bits": _plain(bits), "papers": n} for bits, n in self.bit_widths.items()
            ],
            "hardware": [{"name": name, "papers": n} for name, n in self.hardware],
        }


def summarize(pairs: Iterable[tuple[Paper, list[Claim]]], top: int = TOP_HARDWARE) -> Summary:
    """The summary of (paper, claims) pairs, read once as they stream by."""
    papers = with_claims = 0
    per_type: Counter[str] = Counter()
    speedups: list[float] = []
    bit_widths: Counter[float] = Counter()
    hardware: Counter[str] = Counter()
    for _paper, claims in pairs:
        papers += 1
        with_claims += bool(claims)
        per_type.update(claim.type for claim in claims)
        # A factor of 0 or less cannot sit on a log scale, and means nothing as a speedup.
        speedups += [c.value for c in claims if c.type == "speedup" and _positive(c.value)]
        bit_widths.update({float(c.value) for c in claims if c.type == "bit_width"})
        hardware.update({str(c.value) for c in claims if c.type == "hardware"})
    return Summary(
        papers=papers,
        papers_with_claims=with_claims,
        claims=sum(per_type.values()),
        per_type={t: per_type[t] for t in CLAIM_TYPES},
        speedups=tuple(sorted(speedups)),
        bit_widths=dict(sorted(bit_widths.items())),
        hardware=tuple(sorted(hardware.items(), key=lambda kv: (-kv[1], kv[0]))[:top]),
    )


def _positive(value: float | str) -> TypeGuard[float]:
    """Whether `value` is a number above 0 (a claim's value is a name for hardware)."""
    return isinstance(value, int | float) and value > 0


def quantile(ordered: tuple[float, ...] | list[float], q: float) -> float:
    """The q-quantile of ascending values, interpolating linearly between neighbours."""
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def log2_histogram(values: Iterable[float]) -> list[Bin]:
    """Counts of positive values in [2^k, 2^(k+1)), from the lowest bin to the highest, gaps included."""
    exponents = Counter(math.frexp(v)[1] - 1 for v in values)  # exact floor(log2 v)
    if not exponents:
        return []
    return [
        Bin(low=2.0**k, high=2.0 ** (k + 1), count=exponents[k])
        for k in range(min(exponents), max(exponents) + 1)
    ]


def _plain(x: float) -> float | int:
    """4.0 → 4, 1.58 → 1.58: bit counts read as people write them."""
    return int(x) if float(x).is_integer() else x


def factor(x: float) -> str:
    """A factor as people write it: 2×, 1.5×, 0.25×, 1,000×."""
    return f"{x:,.0f}×" if x >= 1000 else f"{x:.3g}×"


def bits_label(bits: float) -> str:
    return f"{_plain(bits)}-bit"


def print_summary(summary: Summary, console: Console) -> None:
    """The summary as a few small tables with bars, for a terminal."""
    from rich.columns import Columns
    from rich.table import Table
    from rich.text import Text

    def bars(title: str, rows: list[tuple[str, int]], caption: str = "") -> Table:
        table = Table(
            title=title,
            caption=caption or None,
            title_justify="left",
            caption_justify="left",
            title_style="bold",
            box=None,
            show_header=False,
        )
        table.add_column(no_wrap=True)
        table.add_column(justify="right")
        table.add_column(no_wrap=True, style="cyan")
        largest = max((n for _, n in rows), default=0)
        for label, n in rows:
            table.add_row(Text(label), str(n), bar(n, largest))
        return table

    n_speedups = len(summary.speedups)
    quantiles = "  ".join(
        f"{name} {factor(v)}" for name, v in summary.quantiles().items() if v is not None
    )
    histogram = [(f"{factor(b.low)}–{factor(b.high)}", b.count) for b in summary.histogram()]
    console.print(
        Text(
            f"{summary.claims} claims in {summary.papers_with_claims} of {summary.papers} papers",
            "bold",
        )
    )
    console.print(
        Columns(
            [
                bars("Claims per type", list(summary.per_type.items())),
                bars(
                    f"Speedup factors ({n_speedups} claim{'s' * (n_speedups != 1)})",
                    histogram,
                    quantiles,
                ),
                bars(
                    "Bit-widths (papers)",
                    [(bits_label(bits), n) for bits, n in summary.bit_widths.items()],
                ),
                bars("Most frequent hardware (papers)", list(summary.hardware)),
            ],
            padding=(1, 4),
        )
    )


_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(n: int, largest: int, width: int = 20) -> str:
    """A bar of block characters, `width` long for `largest`, in eighths of a character."""
    if largest <= 0:
        return ""
    eighths = round(8 * width * n / largest)
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")
