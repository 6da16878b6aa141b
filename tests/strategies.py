"""Hypothesis strategies for text like the sentences of abstracts, shared by the property tests.

Text is drawn from the material claims are made of (numbers, multiplication signs,
percentages, bit and size units, LaTeX fragments, hardware and model names, number
words, the Unicode the normaliser rewrites) mixed with arbitrary Unicode, so that the
examples reach the rules rather than bounce off the prefilter. The examples are fixed
(derandomised) so that a run of the suite is reproducible.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PROPERTY = settings(
    max_examples=300,
    deadline=None,  # time is bounded by the adversarial tests, not per example
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

# fmt: off
WORDS = (
    "x", "X", "×", "✕", "times", "-times", "fold", "-fold", "%", "percent", "\\%", "\\times",
    "$", "$3.2\\times$", "\\sim", "~", "≈", "∼", "\\leq", "≥", "<", ">", "bit", "bits", "-bit",
    "B", "M", "K", "T", "b", "GB", "MB", "GiB", "ms", "s", "µs", "sec", "hours", "tokens/s",
    "tokens per second", "FPS", "img/s", "FLOPs", "TFLOPS", "MACs", "W4A8", "W4A16KV8", "FP8",
    "INT4", "NF4", "bpw", "faster", "slower", "speedup", "speed-up", "up to", "at least",
    "about", "nearly", "over", "under", "below", "less memory", "lower latency", "reduction",
    "reduces", "fewer", "smaller", "higher throughput", "energy", "parameters", "params",
    "than", "compared with", "vs.", "e.g.", "from", "to", "by", "of", "and", "or", "respectively",
    "A100", "NVIDIA", "H100 80GB", "RTX 4090", "GeForce", "Snapdragon 8 Gen 2", "TPU v4",
    "TPUv5e", "Jetson AGX Orin", "Apple M2", "Ascend 910B", "V100 32GB", "Xeon", "iPhone 15",
    "Raspberry Pi 4", "Llama-2-7B", "GPT-3", "Mixtral 8x7B", "ViT-B/16", "175B", "13B",
    "one", "two", "three", "ten", "twice", "half", "a third", "hundred", "thousand", "million",
    "billion", "an order of magnitude", "two orders of magnitude", "three-fold", "doubles",
    ".", ",", ";", ":", "(", ")", "[", "]", "{", "}", "/", "-", "–", "—", "−", "'", '"',
    "\n", "\r\n", "\t", "\u00a0", "\u2009", "\u202f", "\ufeff", "\u200b", "\u00ad", "\u0301",
    "ﬁ", "１２", "Ⅻ", "²", "½", "٣", "🚀",
)
# fmt: on
NUMBERS = st.one_of(
    st.integers(0, 10**15).map(str),
    st.floats(0, 1e9, allow_nan=False, allow_infinity=False).map(lambda f: f"{f:g}"),
    st.from_regex(r"\A[0-9]{1,3}(?:[,.][0-9]{1,3}){0,3}\Z"),
    st.from_regex(r"\A[0-9]{1,4}(?:\.[0-9]{1,2})?(?:[-–][0-9]{1,4}(?:\.[0-9]{1,2})?)?\Z"),
)
# fmt: off
#: A number in the shape of a claim: "up to 3.2x faster", "reduces memory by 75%", "4-bit".
CLAIM_LIKE = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(
            ("", "up to ", "about ", "at least ", "over ", "under ", "~", "reduces memory by ",
             "from ", "a ", "by ", "achieves ", "uses only ", "sub-", "with ", "runs in ")
        ),
        NUMBERS,
        st.sampled_from(
            ("x", "×", " times", "times", "-fold", "%", "\\%", "-bit", " bits", "B", "M", "T",
             " billion", " ms", " s", " tokens/s", " FPS", " GB", "\\times", "$\\times$", "")
        ),
        st.sampled_from(
            (" faster", " speedup", " less memory", " fewer FLOPs", " lower energy", " smaller",
             " parameters", "-parameter model", " weights", " latency", " higher throughput",
             " on an A100", " than FP16", " to 4", " compression", "")
        ),
    ),
)
# fmt: on
PIECES = st.one_of(CLAIM_LIKE, st.sampled_from(WORDS), NUMBERS, st.text(max_size=5))
GLUE = st.sampled_from(("", " ", " ", " ", "  ", "\n", ", ", ". ", "-", "/"))
#: Texts like the sentences of an abstract, and anything at all.
TEXTS = st.one_of(
    st.lists(st.tuples(PIECES, GLUE), max_size=40).map(lambda ps: "".join(p + g for p, g in ps)),
    st.text(max_size=200),
)
