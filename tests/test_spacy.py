"""effclaims in spaCy: the tokenizer, the sentence component and the claim component.

The component must give exactly the claims of `effclaims.extract(doc.text)`, in any
pipeline (one effclaims did not build, found through the installed entry point), and
keep them through serialisation and multiprocessing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin

import effclaims
from effclaims import readers
from effclaims.spacy_component import HARDWARE_LABEL, SPANS_KEY, make_nlp

ROOT = Path(__file__).resolve().parents[1]
ABSTRACTS = [
    p.abstract for path in sorted((ROOT / "fixtures").glob("example*")) for p in readers.read(path)
]

TOKENS = [
    # numbers lose the unit or multiplier glued to them
    ("2.4x", ["2.4", "x"]),
    ("2.4X", ["2.4", "X"]),
    ("3.5×", ["3.5", "×"]),
    ("22times", ["22", "times"]),
    ("65B", ["65", "B"]),
    ("1.3B", ["1.3", "B"]),
    ("8x7B", ["8", "x", "7", "B"]),
    ("30FPS", ["30", "FPS"]),
    ("20ms", ["20", "ms"]),
    ("32GB", ["32", "GB"]),
    ("1.61-bit", ["1.61", "-", "bit"]),
    ("4bit", ["4", "bit"]),
    ("2.6B-parameter", ["2.6", "B", "-", "parameter"]),
    ("1.6-1.9x", ["1.6", "-", "1.9", "x"]),
    ("1.6–1.9x", ["1.6", "–", "1.9", "x"]),
    ("(2.4x),", ["(", "2.4", "x", ")", ","]),
    ("~2x", ["~", "2", "x"]),
    ("<10ms", ["<", "10", "ms"]),
    ("1,200", ["1,200"]),
    # at the end of a sentence
    ("runs 3x.", ["runs", "3", "x", "."]),
    ("a 7B.", ["a", "7", "B", "."]),
    ("for 24h.", ["for", "24", "h", "."]),
    # names keep their shape
    ("W4A8", ["W4A8"]),
    ("FP8", ["FP8"]),
    ("INT4", ["INT4"]),
    ("A100", ["A100"]),
    ("H100s", ["H100s"]),
    ("MI300X", ["MI300X"]),
    ("RTX 4090", ["RTX", "4090"]),
    ("ViT-B/16", ["ViT", "-", "B/16"]),
    ("Llama-2-70B", ["Llama-2", "-", "70B"]),
    ("Mixtral-8x7B", ["Mixtral-8x7B"]),
    ("x86", ["x86"]),
    ("1024x1024", ["1024x1024"]),
    ("the 1990s", ["the", "1990s"]),
    # run-together sentences
    ("faster.Our", ["faster", ".", "Our"]),
    ("baselines).We", ["baselines", ")", ".", "We"]),
    ("e.g. 3x", ["e.g.", "3", "x"]),
]

RUN_TOGETHER = (
    "Decoding long prompts is memory-bound on accelerators.To address this, we keep keys in "
    "4 bits (e.g. per head) and values in 8 bits.It runs 2.4x faster vs. the FP16 cache on an "
    "A100 (both with FlashAttention).Accuracy drops by 0.2 points."
)
SENTENCES = [
    "Decoding long prompts is memory-bound on accelerators.",
    "To address this, we keep keys in 4 bits (e.g. per head) and values in 8 bits.",
    "It runs 2.4x faster vs. the FP16 cache on an A100 (both with FlashAttention).",
    "Accuracy drops by 0.2 points.",
]
HARDWARE_TEXT = "On an A100 and a Jetson AGX Orin it is 2.4x faster than on a V100, in W4A8."


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("effclaims")
    return nlp


def assert_claims(doc: Doc) -> None:
    """The doc's claim spans are the claims of effclaims.extract, each on its own tokens."""
    claims = effclaims.extract(doc.text)
    spans = list(doc.spans[SPANS_KEY])
    assert doc._.claims == claims
    assert [s._.claim for s in spans] == claims
    for i, (span, claim) in enumerate(zip(spans, claims, strict=True)):
        assert span.label_ == claim.type and span.id_ == str(i)
        assert span.start_char <= claim.start < claim.end <= span.end_char
        assert claim.text in span.text
        assert doc[span.start].idx < claim.end and claim.start < span[-1].idx + len(span[-1])


# --------------------------------------------------------------------------- tokenizer


@pytest.mark.parametrize(("text", "tokens"), TOKENS, ids=[t for t, _ in TOKENS])
def test_tokenizer(nlp, text, tokens):
    assert [t.text for t in nlp.tokenizer(text)] == tokens


def test_tokenizer_rules_survive_saving(nlp, tmp_path):
    nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    assert loaded.pipe_names == ["effclaims_sentences", "effclaims"]
    for text, tokens in TOKENS:
        assert [t.text for t in loaded.tokenizer(text)] == tokens, text
    other = spacy.blank("en")
    other.tokenizer.from_bytes(nlp.tokenizer.to_bytes())
    assert [t.text for t in other("8x7B at 20ms, 3x.")] == [
        "8", "x", "7", "B", "at", "20", "ms", ",", "3", "x", ".",
    ]  # fmt: skip


# --------------------------------------------------------------------------- sentences


def test_sentences_of_run_together_text(nlp):
    doc = nlp(RUN_TOGETHER)
    assert [s.text for s in doc.sents] == SENTENCES
    assert_claims(doc)


def test_sentence_boundary_inside_a_token():
    # spaCy's own tokenizer keeps `FlashAttention).Accuracy` whole: the sentence starts after it.
    nlp = spacy.blank("en")
    nlp.add_pipe("effclaims_sentences")
    doc = nlp(RUN_TOGETHER)
    assert [s.text for s in doc.sents] == [
        *SENTENCES[:2],
        "It runs 2.4x faster vs. the FP16 cache on an A100 (both with FlashAttention).Accuracy",
        "drops by 0.2 points.",
    ]


# --------------------------------------------------------------------------- component


@pytest.mark.parametrize("which", ["make_nlp", "blank"])
def test_spans_are_the_claims_of_extract(which, nlp, blank):
    pipeline = nlp if which == "make_nlp" else blank
    docs = list(pipeline.pipe(ABSTRACTS))
    assert len(docs) == len(ABSTRACTS) > 3
    assert sum(len(doc.spans[SPANS_KEY]) for doc in docs) > 10
    for doc in docs:
        assert_claims(doc)


def test_two_claims_on_the_same_tokens(blank):
    doc = blank("Weights and activations use W4A8.")
    found = [(s.text, s.id_, s._.claim.value) for s in doc.spans[SPANS_KEY]]
    assert found == [("W4A8", "0", 4.0), ("W4A8", "1", 8.0)]


def test_hardware_entities(blank):
    doc = blank(HARDWARE_TEXT)
    ents = [(e.text, e.label_, e.kb_id_, e._.claim.value) for e in doc.ents]
    assert ents == [
        ("A100", HARDWARE_LABEL, "A100", "A100"),
        ("Jetson AGX Orin", HARDWARE_LABEL, "Jetson AGX Orin", "Jetson AGX Orin"),
        ("V100", HARDWARE_LABEL, "V100", "V100"),
    ]
    assert doc[0:2]._.claim is None


def test_hardware_entities_leave_existing_ones():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [{"label": "PRODUCT", "pattern": "A100"}, {"label": "ORG", "pattern": "Jetson"}]
    )
    nlp.add_pipe("effclaims")
    doc = nlp(HARDWARE_TEXT)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("A100", "PRODUCT"),
        ("Jetson", "ORG"),
        ("V100", HARDWARE_LABEL),
    ]
    assert [s.text for s in doc.spans[SPANS_KEY] if s.label_ == "hardware"] == [
        "A100",
        "Jetson AGX Orin",
        "V100",
    ]


def test_types_option():
    nlp = spacy.blank("en")
    nlp.add_pipe("effclaims", config={"types": ["speedup", "bit_width"]})
    doc = nlp(HARDWARE_TEXT)
    assert [(s.label_, s._.claim.value) for s in doc.spans[SPANS_KEY]] == [
        ("speedup", 2.4),
        ("bit_width", 4.0),
        ("bit_width", 8.0),
    ]
    assert doc._.claims == effclaims.extract(HARDWARE_TEXT, types=["speedup", "bit_width"])
    assert not doc.ents
    with pytest.raises(ValueError, match="unknown claim type 'speed'"):
        nlp.add_pipe("effclaims", name="typo", config={"types": ["speed"]})


def test_make_nlp_types():
    nlp = make_nlp("hardware,speedup")
    assert nlp.get_pipe_config("effclaims")["types"] == ["speedup", "hardware"]
    doc = nlp(HARDWARE_TEXT)
    assert {s.label_ for s in doc.spans[SPANS_KEY]} == {"speedup", "hardware"}
    assert len(doc.ents) == 3


def test_empty_doc(blank):
    doc = blank("")
    assert list(doc.spans[SPANS_KEY]) == [] and doc._.claims == []


# --------------------------------------------------------------------------- serialisation


def test_doc_bytes_round_trip(nlp):
    doc = nlp(RUN_TOGETHER + " " + HARDWARE_TEXT)
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert back.text == doc.text
    assert back._.claims == doc._.claims
    assert [(s.start, s.end, s.label_, s._.claim) for s in back.spans[SPANS_KEY]] == [
        (s.start, s.end, s.label_, s._.claim) for s in doc.spans[SPANS_KEY]
    ]
    assert [(e.text, e.label_, e.kb_id_) for e in back.ents] == [
        (e.text, e.label_, e.kb_id_) for e in doc.ents
    ]
    fresh = spacy.blank("en")
    (again,) = DocBin(store_user_data=True, docs=[doc]).get_docs(fresh.vocab)
    assert_claims(again)


def test_pipe_in_two_processes(blank):
    texts = ABSTRACTS[:4]
    docs = list(blank.pipe(texts, n_process=2, batch_size=1))
    assert [d.text for d in docs] == texts
    for doc in docs:
        assert_claims(doc)


# --------------------------------------------------------------------------- entry point


def test_pipelines_that_never_import_effclaims():
    """The installed entry point makes the factory known to spaCy itself."""
    script = """
import json, sys
import spacy

texts = json.loads(sys.stdin.read())
loaded_before = "effclaims" in sys.modules
out = {"loaded_before": loaded_before}
for name, first in (("blank", None), ("sentencizer", "sentencizer")):
    nlp = spacy.blank("en")
    if first:
        nlp.add_pipe(first)
    nlp.add_pipe("effclaims")
    docs = list(nlp.pipe(texts))
    out[name] = {
        "pipe_names": nlp.pipe_names,
        "claims": [[s._.claim.to_dict() for s in d.spans["effclaims"]] for d in docs],
        "sents": [len(list(d.sents)) for d in docs] if first else None,
    }
print(json.dumps(out))
"""
    texts = [RUN_TOGETHER, HARDWARE_TEXT, *ABSTRACTS[:2]]
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    )
    out = json.loads(result.stdout)
    assert out["loaded_before"] is False
    expected = [[c.to_dict() for c in effclaims.extract(t)] for t in texts]
    assert out["blank"]["pipe_names"] == ["effclaims"]
    assert out["sentencizer"]["pipe_names"] == ["sentencizer", "effclaims"]
    assert out["blank"]["claims"] == out["sentencizer"]["claims"] == expected
    assert out["sentencizer"]["sents"][0] >= 2
