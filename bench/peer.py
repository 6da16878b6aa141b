"""quantulum3 on a JSON Lines file of papers, as effclaims is run: read, extract, write.

The peer of the benchmark: a general quantity extractor, run in process on the title
and abstract of each record, each quantity written as a JSON line. It is much slower,
so it stops `--seconds` after its first paper and reports how far it got. Its one-time
set-up (loading its unit tables on the first paper) is timed apart, so that the steady
rate can be compared, in its favour, with effclaims' end-to-end rate.

    python bench/peer.py papers.jsonl quantities.jsonl --seconds 45
prints one JSON object: {"papers", "bytes", "quantities", "setup", "steady"}, the last
two in seconds: up to the end of the first paper, and from there to the end.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("papers", help="JSON Lines with title and abstract")
    parser.add_argument("output", help="where the quantities go, one JSON line each")
    parser.add_argument(
        "--seconds", type=float, default=float("inf"), help="stop this long after the first paper"
    )
    args = parser.parse_args()

    start = time.perf_counter()
    # Without its optional scikit-learn classifier quantulum3 warns once; the rules still run.
    warnings.filterwarnings("ignore", module="quantulum3")
    from quantulum3 import parser as quantities

    papers = size = found = 0
    ready = None
    with (
        open(args.papers, encoding="utf-8") as src,
        open(args.output, "w", encoding="utf-8") as out,
    ):
        for line in src:
            record = json.loads(line)
            for field in ("title", "abstract"):
                for q in quantities.parse(record[field]):
                    out.write(
                        json.dumps(
                            {
                                "paper": papers + 1,
                                "field": field,
                                "value": q.value,
                                "unit": q.unit.name,
                                "text": q.surface,
                                "start": q.span[0],
                                "end": q.span[1],
                            }
                        )
                        + "\n"
                    )
                    found += 1
            papers += 1
            size += len(line.encode("utf-8"))
            now = time.perf_counter()
            if ready is None:
                ready = now
            elif now - ready >= args.seconds:
                break
    end = time.perf_counter()
    summary = {"papers": papers, "bytes": size, "quantities": found}
    summary.update(setup=(ready or end) - start, steady=end - (ready or end))
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
