"""Claims into an SQLite database that grows run after run: tables `papers` and `claims`.

A paper is keyed by its record id (an arXiv id) where it has one, else by a hash of its
title and abstract, so running effclaims on each day's dump into one database adds only
the papers it does not hold yet, and a paper read twice is stored once. Claims reference
their paper by that key; columns are typed from `schema` (numbers REAL, counts and
offsets INTEGER, the rest TEXT), with indexes on the claim type and the paper.

A run is one transaction: it is written whole or not at all, and a database that did
not exist before is removed again when the run fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError
from .model import Claim, Paper
from .schema import CLAIM_FIELDS, PAPER_KEYS, Column, claim_fields

#: Marks a database as effclaims' and says which layout it has.
SCHEMA_VERSION = 1

_SQL_TYPES = {"text": "TEXT", "number": "REAL", "integer": "INTEGER", "category": "TEXT"}

#: Columns of `papers` besides the key: the paper columns of a claim row, then the rest.
PAPER_TABLE: tuple[Column, ...] = (
    *PAPER_KEYS,
    Column("abstract"),
    Column("date"),
    Column("authors", "integer"),
    Column("organization"),
    Column("upvotes", "integer"),
    Column("code_urls"),  # a JSON array
)

_PAPER_NAMES = tuple(column.name for column in PAPER_TABLE)
_CLAIM_NAMES = tuple(column.name for column in CLAIM_FIELDS)


def _columns(columns: Iterable[Column]) -> str:
    return ", ".join(f'"{c.name}" {_SQL_TYPES[c.kind]}' for c in columns)


_CREATE = f"""
CREATE TABLE IF NOT EXISTS papers (
  key TEXT PRIMARY KEY NOT NULL,
  {_columns(PAPER_TABLE)}
);
CREATE TABLE IF NOT EXISTS claims (
  paper_key TEXT NOT NULL REFERENCES papers(key),
  {_columns(CLAIM_FIELDS)}
);
CREATE INDEX IF NOT EXISTS claims_type ON claims(type);
CREATE INDEX IF NOT EXISTS claims_paper ON claims(paper_key);
CREATE INDEX IF NOT EXISTS papers_id ON papers(id)
"""


def _insert(verb: str, table: str, names: tuple[str, ...]) -> str:
    quoted = ", ".join(f'"{name}"' for name in names)
    return f"{verb} INTO {table} ({quoted}) VALUES ({', '.join('?' * len(names))})"


_INSERT_PAPER = _insert("INSERT OR IGNORE", "papers", ("key", *_PAPER_NAMES))
_INSERT_CLAIM = _insert("INSERT", "claims", ("paper_key", *_CLAIM_NAMES))


def paper_key(paper: Paper) -> str:
    """The key a paper is stored under: its record id, else a hash of title and abstract.

    The hash is of the title with its whitespace collapsed and the abstract stripped, so
    the same paper read from a listing and from a CSV gets the same key.
    """
    if paper.id:
        return paper.id
    text = " ".join(paper.title.split()) + "\n" + paper.abstract.strip()
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass
class Added:
    """What one run added to the database, and what it found already there."""

    papers: int = 0
    claims: int = 0
    held: int = 0  # papers read that the database (or this run) already held


class ClaimsDatabase:
    """An open database inside one transaction; `add` stores pairs as they come."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self.added = Added()

    def add(
        self, pairs: Iterable[tuple[Paper, list[Claim]]]
    ) -> Iterator[tuple[Paper, list[Claim]]]:
        """Store each pair whose paper is new, passing every pair on (for counting)."""
        for paper, claims in pairs:
            key = paper_key(paper)
            cursor = self._db.execute(_INSERT_PAPER, (key, *_paper_values(paper)))
            if cursor.rowcount == 0:
                self.added.held += 1
            else:
                self.added.papers += 1
                self.added.claims += len(claims)
                self._db.executemany(
                    _INSERT_CLAIM,
                    ((key, *claim_fields(claim).values()) for claim in claims),
                )
            yield paper, claims


def _paper_values(paper: Paper) -> tuple[object, ...]:
    return (
        paper.source,
        paper.index,
        paper.id,
        paper.title,
        paper.abstract,
        paper.date,
        paper.authors,
        paper.organization,
        paper.upvotes,
        json.dumps(list(paper.code_urls)),
    )


@contextmanager
def open_database(path: Path) -> Iterator[ClaimsDatabase]:
    """The database at `path` (created if missing) inside a transaction committed at the end.

    Fails before any work if `path` cannot be a database: a directory, a missing folder,
    a file that is not SQLite, or an SQLite file whose tables are not effclaims'.
    """
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory")
    if not path.parent.is_dir():
        raise OutputError(f"cannot write {path}: no directory {path.parent}")
    created = not path.exists()
    try:
        db = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as e:
        raise OutputError(f"cannot write {path}: {e}") from None
    try:
        try:
            db.execute("BEGIN IMMEDIATE")
            _check_layout(db, path)
            for statement in _CREATE.split(";"):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as e:
            raise OutputError(f"cannot write {path}: {e}") from None
        yield ClaimsDatabase(db, path)
        db.execute("COMMIT")
    except BaseException:
        with suppress(sqlite3.Error):
            if db.in_transaction:
                db.execute("ROLLBACK")
        db.close()
        if created:
            for leftover in (path, Path(f"{path}-journal")):
                with suppress(FileNotFoundError):
                    os.unlink(leftover)
        raise
    db.close()


def _check_layout(db: sqlite3.Connection, path: Path) -> None:
    """Refuse a database that holds tables of another layout, rather than mix into it."""
    tables = {
        name: [row[1] for row in db.execute(f'PRAGMA table_info("{name}")')]
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if not tables:
        return
    version = db.execute("PRAGMA user_version").fetchone()[0]
    expected = {
        "papers": ["key", *_PAPER_NAMES],
        "claims": ["paper_key", *_CLAIM_NAMES],
    }
    if version != SCHEMA_VERSION or any(
        name in tables and tables[name] != columns for name, columns in expected.items()
    ):
        raise OutputError(
            f"cannot write {path}: it holds tables that effclaims did not make "
            f"({', '.join(sorted(tables))}); name a new file"
        )
