"""The table of claim types and bounds: what it holds, how it is checked, one selection rule."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest

from effclaims.claim_types import BOUNDS, TYPES, DataFileError, parse, select
from effclaims.model import BOUNDS as MODEL_BOUNDS
from effclaims.model import CLAIM_TYPES, RATIO_TYPES
from effclaims.report import markup_rules

DATA = tomllib.loads(
    resources.files("effclaims").joinpath("data", "claim_types.toml").read_text(encoding="utf-8")
)


def test_the_table_holds_the_specification_types_in_order():
    assert CLAIM_TYPES == (
        "speedup",
        "memory_reduction",
        "compute_reduction",
        "energy_reduction",
        "compression",
        "bit_width",
        "hardware",
        "model_size",
        "throughput",
        "latency",
    )
    assert RATIO_TYPES == frozenset(CLAIM_TYPES[:5])
    assert {t for t, kind in TYPES.items() if kind.range} == RATIO_TYPES | {"throughput", "latency"}
    assert [t for t, kind in TYPES.items() if kind.named] == ["hardware"]
    assert MODEL_BOUNDS == ("eq", "approx", "max", "min", "lt") == tuple(BOUNDS)
    assert (BOUNDS["max"].word, BOUNDS["max"].sign) == ("up to", "≤")
    assert all(
        re.fullmatch(r"#[0-9a-f]{6}", c) for t in TYPES.values() for c in (t.background, t.colour)
    )


def broken(path: tuple[str, ...], value: object = None, drop: bool = False) -> dict:
    """The shipped table with one entry changed (or dropped)."""
    data = {
        table: {name: dict(entry) for name, entry in entries.items()}
        for table, entries in DATA.items()
    }
    *parents, key = path
    target = data
    for part in parents:
        target = target[part]
    if drop:
        del target[key]
    else:
        target[key] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            broken(("types", "speedup", "colour"), "#000000"),
            "claim_types.toml.types.speedup: unknown key 'colour' (known: colours, label,",
        ),
        (broken(("types", "speedup", "unit"), drop=True), "types.speedup: missing key 'unit'"),
        (
            broken(("types", "speedup", "unit"), "fold"),
            "claim_types.toml.types.speedup.unit: 'fold' is not one of factor,",
        ),
        (broken(("types", "speedup", "range"), "yes"), "types.speedup.range: bool expected"),
        (
            broken(("types", "speedup", "colours"), ["#fff"]),
            "types.speedup.colours: [background, colour] expected",
        ),
        (broken(("bounds", "max", "words"), "up to"), "bounds.max: unknown key 'words'"),
        (broken(("units",), {}), "claim_types.toml: unknown key 'units' (known: bounds, types)"),
    ],
)
def test_the_table_is_checked_key_by_key(data, message):
    with pytest.raises(DataFileError, match=re.escape(message)):
        parse(data)


def test_the_shipped_table_parses_as_loaded():
    assert parse(DATA) == (TYPES, BOUNDS)


SELECTIONS = [
    (None, None),
    ("speedup", {"speedup"}),
    (" speedup , hardware ,", {"speedup", "hardware"}),
    (["latency", "latency"], {"latency"}),
    (("bit_width", " model_size"), {"bit_width", "model_size"}),
]


@pytest.mark.parametrize(("given", "chosen"), SELECTIONS)
def test_select(given, chosen):
    assert select(given) == (None if chosen is None else frozenset(chosen))


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("speed", "unknown claim type 'speed'; choose from speedup, memory_reduction,"),
        (["gpu", "speedup", "ram"], "unknown claim types 'gpu', 'ram'; choose from"),
        ([], "no claim type given; choose from speedup,"),
        (",", "no claim type given"),
    ],
)
def test_select_refuses(given, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        select(given)


@pytest.mark.parametrize(
    "surface",
    ["cli", "api", "spacy", "dask"],
)
def test_every_surface_selects_types_the_same_way(surface):
    """The command line, the API, the spaCy component and Dask all refuse what select refuses."""
    import pandas as pd

    import effclaims
    from effclaims.distributed import claims_frame
    from effclaims.spacy_component import make_nlp

    calls = {
        "api": lambda t: effclaims.extract("2x faster", types=t),
        "spacy": lambda t: make_nlp(types=t),
        "dask": lambda t: claims_frame(pd.DataFrame({"title": ["t"], "abstract": ["a"]}), types=t),
    }
    for given in ("speedup,gpu", []):
        expected = pytest.raises(ValueError, match=r"unknown claim type 'gpu'|no claim type given")
        if surface == "cli":
            from typer.testing import CliRunner

            from effclaims.cli import app

            arg = given if isinstance(given, str) else ","
            result = CliRunner().invoke(app, ["extract", "-", "--type", arg], input="")
            assert result.exit_code == 2
            assert (
                "unknown claim type 'gpu'" in result.stderr
                or "no claim type given" in result.stderr
            )
        else:
            with expected:
                calls[surface](given)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"pattern": "x", "shwon": "y"}, "latex_shown.toml.markup[0]: unknown key 'shwon'"),
        ({"pattern": "x"}, "markup[0]: either shown or keep = true expected"),
        ({"pattern": "x", "shown": "y", "keep": True}, "either shown or keep = true expected"),
        ({"pattern": "x", "keep": True}, "markup[0].pattern: keep = true needs a group"),
        ({"pattern": "(x", "shown": ""}, "markup[0].pattern: missing ), unterminated"),
    ],
)
def test_the_latex_table_is_checked(entry, message):
    with pytest.raises(DataFileError, match=re.escape(message)):
        markup_rules({"markup": [entry]})
