"""The MRZ vectors of tests/data/mrz_vectors.yaml: other parsers' suites, specimens, own cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from inspector.core import registrations as en
from inspector.documents.mrz import RULE_TEXTS, MrzError, compare, parse_mrz

TODAY = date(2026, 11, 30)
VECTORS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent.parent / "data" / "mrz_vectors.yaml").read_text(encoding="utf-8")
)


def test_every_vector_names_its_source() -> None:
    assert len(VECTORS) >= 40
    ids = [v["id"] for v in VECTORS]
    assert len(ids) == len(set(ids))
    for vector in VECTORS:
        assert vector["source"].strip()
        assert vector["source"].startswith("own case") or "commit" in vector["source"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
def test_vector(vector: dict[str, Any]) -> None:
    text = "\n".join(vector["lines"])
    expect = vector["expect"]
    if "error" in expect:
        with pytest.raises(MrzError) as info:
            parse_mrz(text, today=TODAY)
        assert info.value.code == expect["error"]
        return
    result = parse_mrz(text, today=TODAY)
    assert result.format == expect["format"]
    assert result.document_kind == expect["kind"]
    assert result.valid == expect["check_digits_ok"]
    assert [c.name for c in result.failed_checks] == expect["failed"]
    assert result.document_number == expect["document_number"]
    for key in ("birth_date", "expiry_date"):
        value = getattr(result, key)
        assert (value.isoformat() if value else None) == expect[key], key
    assert result.surname == expect["surname"]
    assert result.given_names == expect["given_names"]
    number_check = next(c for c in result.checks if c.name == "document_number")
    assert number_check.rule == expect.get("number_rule", "icao")
    assert number_check.rule in RULE_TEXTS
    refusal = result.refusal
    assert (refusal.code if refusal else None) == expect.get("refused")
    if expect["expiry_date"] is None and expect["kind"] != "visa":
        assert [p.code for p in result.problems] == ["expiry_date_out_of_window"]


def _vector(vector_id: str) -> str:
    return "\n".join(next(v for v in VECTORS if v["id"] == vector_id)["lines"])


@pytest.mark.parametrize("vector_id", ["own-td3-pol-expired-1995", "own-td1-rou-expired-1999"])
def test_a_document_that_expired_last_century_is_blocked(vector_id: str) -> None:
    doc = en.check_document({}, _vector(vector_id), today=TODAY)
    assert doc.mrz is not None and doc.mrz.valid
    assert doc.expired
    assert doc.expiry_date is not None and doc.expiry_date.year in (1995, 1999)


@pytest.mark.parametrize(
    ("vector_id", "words"),
    [
        ("own-mrva-nld-visa-for-ukr", ("visum", "MRV-A")),
        ("own-mrvb-pol-visa-for-blr", ("visum", "MRV-B")),
        ("arg0s-mrva-usa", ("visum", "MRV-A")),
        ("own-td2-ac-crew", ("bemanningsbewijs",)),
    ],
)
def test_documents_that_are_no_identity_are_refused_by_name(
    vector_id: str, words: tuple[str, ...]
) -> None:
    doc = en.check_document({}, _vector(vector_id), today=TODAY)
    assert doc.mrz is not None
    assert doc.mrz.valid  # the check digits are right: the refusal is about what it is
    assert doc.refusal is not None
    for word in words:
        assert word in doc.refusal.nl
    assert "check digit" not in doc.refusal.en


def test_identity_documents_are_not_refused() -> None:
    for vector_id in ("own-td2-rou-id", "aita-td3-nld", "chem-td1-bel-03003", "pe-td1-aut"):
        doc = en.check_document({}, _vector(vector_id), today=TODAY)
        assert doc.refusal is None, vector_id


def test_a_swap_the_check_digits_cannot_see_shows_in_the_comparison() -> None:
    a = parse_mrz(_vector("own-td3-swap-same-weight-a"), today=TODAY)
    b = parse_mrz(_vector("own-td3-swap-same-weight-b"), today=TODAY)
    assert a.valid and b.valid
    assert a.checks == b.checks  # the same digits: the check cannot tell them apart
    assert a.document_number != b.document_number
    mismatches = compare(b, {"document_number": a.document_number})
    assert [m.field for m in mismatches] == ["document_number"]
