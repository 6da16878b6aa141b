"""effclaims in spaCy: a tokenizer for efficiency numbers, a sentence splitter and a claim component.

The claim component is registered as the factory `effclaims` and advertised through the
`spacy_factories` entry point, so `nlp.add_pipe("effclaims")` works in any pipeline of
this environment without importing effclaims first: spaCy imports this module when it
builds a `Language`. That is also why this module imports nothing of effclaims' own at the
top but the model; the engine is loaded on the first document.

The component does not re-implement extraction: it runs the same engine as the command
line and the Python API on `doc.text` and maps each claim onto the doc's tokens, so a
claim found here is exactly a claim `effclaims.extract(doc.text)` returns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast

import srsly
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, filter_spans

from .model import CLAIM_TYPES, Claim

#: The `doc.spans` key the claim component writes to.
SPANS_KEY = "effclaims"

#: Where the component keeps a doc's claims (`doc._.claims` reads them).
_CLAIMS_KEY = ("effclaims", "claims")

#: The label of hardware claims added to `doc.ents`; the span's `kb_id_` is the canonical name.
HARDWARE_LABEL = "HARDWARE"

# Units and multipliers that abstracts glue to a number (`2.4x`, `65B`, `20ms`, `30FPS`).
# A token that starts with a number is split before them, as spaCy splits `5km`; a token
# that starts with letters is a name (`W4A8`, `FP8`, `A100`, `MI300X`, `Llama-2-70B`) and
# keeps spaCy's own treatment.
_UNITS: tuple[str, ...] = (
    "x", "X", "×", "times",
    "K", "M", "B", "T", "k",
    "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB",
    "bit", "bits",
    "ns", "µs", "μs", "us", "ms", "sec", "secs", "min", "mins", "h", "hr", "hrs",
    "FPS", "fps", "Hz", "kHz", "MHz", "GHz",
    "FLOPs", "FLOPS", "GFLOPs", "GFLOPS", "TFLOPs", "TFLOPS", "PFLOPs", "PFLOPS", "OPS", "TOPS",
    "W", "mW", "kW", "Wh", "kWh", "J", "mJ", "kJ",
)  # fmt: skip
_NUM = r"[0-9]+(?:[.,][0-9]+)*"
_UNIT = "(?:" + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True)) + ")"
_SIZE = "[KMBT]"
_END = "(?=$|-)"

#: Prefix rules, tried before spaCy's: each peels one piece off the front of a token.
TOKENIZER_PREFIXES: tuple[str, ...] = (
    rf"{_NUM}(?=(?:[-–]{_NUM})?{_UNIT}{_END})",  # 2.4|x, 20|ms, 1.6|-1.9x, 2.6|B-parameter
    rf"{_NUM}(?=[x×]{_NUM}{_SIZE}{_END})",  # 8|x7B
    rf"[x×](?={_NUM}{_SIZE}{_END})",  # x|7B (not x86)
    rf"-(?={_NUM}{_UNIT}{_END})",  # the dash of a range: -|1.9x
    r"[~≈<>≤≥](?=[0-9])",  # ~|2x, <|10ms
)

#: Suffix rules added to spaCy's: a full stop after a capital unit (`7B.`, `910B.`).
TOKENIZER_SUFFIXES: tuple[str, ...] = (
    r"(?<=[0-9][A-Z])\.",
    r"(?<=[0-9][a-zµμ][A-Z])\.",
)

#: Infix rules added to spaCy's: a full stop that lost its space (`faster).Our`), where
#: sentences.py sees a boundary, and the bracket before it.
TOKENIZER_INFIXES: tuple[str, ...] = (
    r"(?<=[a-z])[)\]](?=[.!?][A-Z][a-z])",
    r"(?<=[a-z)\]]{2})[.!?](?=[A-Z][a-z])",
)


def make_nlp(types: Iterable[str] | None = None) -> Language:
    """A blank English pipeline that tokenizes efficiency numbers, splits sentences, finds claims.

    Its components are `effclaims_sentences` and `effclaims` (keeping only `types`, a list
    or a comma-separated string, all by default). The tokenizer rules are stored with the pipeline, so `nlp.to_disk` and
    `spacy.load` give it back as it was.
    """
    import spacy

    from .claim_types import select

    chosen = select(types)
    nlp = spacy.blank("en")
    customize_tokenizer(nlp)
    nlp.add_pipe("effclaims_sentences")
    nlp.add_pipe(
        "effclaims",
        config={"types": None if chosen is None else [t for t in CLAIM_TYPES if t in chosen]},
    )
    return nlp


def customize_tokenizer(nlp: Language) -> None:
    """Add effclaims' prefix, suffix and infix rules to the tokenizer of `nlp`, in place.

    The special cases `x.`, `h.` and `k.` (abbreviations of a letter) are dropped: at the
    end of a sentence they are units, as in `runs 3x.`.
    """
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        raise TypeError(f"a spaCy Tokenizer is needed, not {type(tokenizer).__name__}")
    defaults = nlp.Defaults
    tokenizer.prefix_search = compile_prefix_regex(
        TOKENIZER_PREFIXES + tuple(defaults.prefixes or ())
    ).search
    tokenizer.suffix_search = compile_suffix_regex(
        TOKENIZER_SUFFIXES + tuple(defaults.suffixes or ())
    ).search
    tokenizer.infix_finditer = compile_infix_regex(
        tuple(defaults.infixes or ()) + TOKENIZER_INFIXES
    ).finditer
    unit_stops = {f"{unit}." for unit in _UNITS}
    tokenizer.rules = {k: v for k, v in (tokenizer.rules or {}).items() if k not in unit_stops}


@Language.component(
    "effclaims_sentences",
    assigns=["token.is_sent_start"],
)
def effclaims_sentences(doc: Doc) -> Doc:
    """Sentence starts from effclaims' splitter, which copes with `improvement.To address`.

    A sentence starts at the first token at or after its first character, so a boundary
    inside a token (a tokenizer that did not split `end.Next`) leaves the token whole in
    the sentence before. Put it before a parser, not after.
    """
    from .sentences import split_sentences

    starts = iter(sorted(a for a, _ in split_sentences(doc.text)))
    boundary = next(starts, None)
    for token in doc:
        is_start = False
        while boundary is not None and boundary <= token.idx:
            is_start = True
            boundary = next(starts, None)
        token.is_sent_start = is_start or token.i == 0
    return doc


class EffclaimsComponent:
    """Puts each claim of `doc.text` in `doc.spans["effclaims"]`, with the Claim on `span._.claim`.

    `doc._.claims` holds the claims in document order, as `effclaims.extract(doc.text)`
    returns them. A span covers the whole tokens around a claim's text (the exact
    characters are `span._.claim.start`/`end`), is labelled with the claim type, and its
    `id_` is the claim's index in `doc._.claims`: spaCy keys a span's extension values by
    its characters alone, and two claims can share them (`W4A8` is 4-bit weights and
    8-bit activations). Hardware claims are also added to `doc.ents` as `HARDWARE`, with
    the canonical name as `kb_id_` and the same `id_` and `_.claim`, where they overlap no
    entity already set.

    The engine works one text at a time and gains nothing from batches, so the
    component is a plain callable and `nlp.pipe` calls it per document.
    """

    def __init__(self, types: Iterable[str] | None = None) -> None:
        from .claim_types import select

        self.types = select(types)

    def __call__(self, doc: Doc) -> Doc:
        from .engine import find_claims

        claims = find_claims(doc.text, types=self.types)
        spans = [
            doc.char_span(c.start, c.end, label=c.type, alignment_mode="expand", span_id=str(i))
            for i, c in enumerate(claims)
        ]
        _user_data(doc)[_CLAIMS_KEY] = claims
        doc.spans[SPANS_KEY] = [s for s in spans if s is not None]
        _add_hardware_ents(doc, [s for s in doc.spans[SPANS_KEY] if s.label_ == "hardware"])
        return doc


def _doc_claims(doc: Doc) -> list[Claim]:
    """The claims of a doc, in document order; a list however the doc was serialised."""
    return list(_user_data(doc).get(_CLAIMS_KEY, ()))


def _user_data(doc: Doc) -> dict[Any, Any]:
    """`doc.user_data`, whose keys are anything: spaCy keeps extension values there under
    tuples itself, though its stub declares string keys."""
    return cast(dict[Any, Any], doc.user_data)


def _span_claim(span: Span) -> Claim | None:
    """The claim a span of `doc.spans["effclaims"]` or a `HARDWARE` entity stands for, else None."""
    claims = _doc_claims(span.doc)
    index = span.id_
    if not claims or not index.isdigit() or int(index) >= len(claims):
        return None
    claim = claims[int(index)]
    label = "hardware" if span.label_ == HARDWARE_LABEL else span.label_
    return claim if claim.type == label else None


def _add_hardware_ents(doc: Doc, spans: list[Span]) -> None:
    """Hardware spans as entities, leaving every entity a previous component set untouched."""
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    ents = [
        Span(doc, s.start, s.end, label=HARDWARE_LABEL, kb_id=s._.claim.value, span_id=s.id)
        for s in filter_spans(spans)
        if taken.isdisjoint(range(s.start, s.end))
    ]
    if ents:
        doc.set_ents(ents, default="unmodified")


@Language.factory(
    "effclaims",
    default_config={"types": None},
    assigns=["doc.spans", "doc.ents", "doc._.claims"],
)
def make_effclaims_component(
    nlp: Language, name: str, types: list[str] | None
) -> EffclaimsComponent:
    """The `effclaims` factory: `nlp.add_pipe("effclaims", config={"types": ["speedup"]})`."""
    return EffclaimsComponent(types)


# spaCy serialises `doc.user_data` with msgpack (`doc.to_bytes`, `DocBin`,
# `nlp.pipe(n_process=...)`), which must be told how to write and read a Claim.
_MSGPACK_KEY = "__effclaims_claim__"


def _encode_claim(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, Claim):
        return {_MSGPACK_KEY: obj.to_dict()}
    return chain(obj) if chain is not None else obj


def _decode_claim(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, dict) and _MSGPACK_KEY in obj:
        return Claim(**obj[_MSGPACK_KEY])
    return chain(obj) if chain is not None else obj


srsly.msgpack_encoders.register("effclaims.claim", func=_encode_claim)
srsly.msgpack_decoders.register("effclaims.claim", func=_decode_claim)

if not Doc.has_extension("claims"):
    Doc.set_extension("claims", getter=_doc_claims)
if not Span.has_extension("claim"):
    Span.set_extension("claim", getter=_span_claim)
