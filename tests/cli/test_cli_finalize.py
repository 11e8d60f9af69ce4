"""`inspector inspection finalize`: the window's completeness check, scripted."""

from __future__ import annotations

import json


def _new(cli) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    code, out, _ = cli(
        "inspection", "new", "--address", "Voorbeeldstraat 12", "--postcode", "2801ab",
        "--city", "Gouda",
    )  # fmt: skip
    assert code == 0
    iid = out.strip()
    code, out, _ = cli("inspection", "show", iid, "--json")
    return iid, json.loads(out)["reference"]


def test_finalize_lists_open_points_and_changes_nothing(cli) -> None:  # type: ignore[no-untyped-def]
    iid, reference = _new(cli)
    code, out, err = cli("inspection", "finalize", reference)
    assert code == 1 and out == ""
    assert "open points" in err and "--accept-incomplete REASON" in err
    assert "  - Control location: Start of the control:" in err
    assert "  - Residents: No resident has been added yet." in err
    assert "End of the control" in err
    code, out, err = cli("inspection", "finalize", iid, "--lang", "nl")
    assert code == 1 and "Controlelocatie: Einde van de controle" in err
    code, out, _ = cli("inspection", "show", iid, "--json")
    assert json.loads(out)["state"] != "finalized"


def test_finalize_anyway_with_a_reason(cli) -> None:  # type: ignore[no-untyped-def]
    iid, reference = _new(cli)
    code, _, err = cli("inspection", "finalize", iid, "--accept-incomplete", "kort")
    assert code == 1 and "at least 10 characters" in err
    code, out, err = cli(
        "inspection", "finalize", iid, "--accept-incomplete", "Niemand thuis; brief achtergelaten."
    )
    assert code == 0, err
    assert out.startswith(f"{reference} finalized with ") and "reason recorded" in out
    code, out, _ = cli("inspection", "show", reference, "--json")
    assert json.loads(out)["state"] == "finalized"
    code, _, err = cli("inspection", "finalize", iid, "--accept-incomplete", "nog een keer dan")
    assert code == 1 and "is finalized" in err


def test_unknown_reference_is_one_line(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("inspection", "finalize", "2026-0000-9999")
    assert code == 1 and err.strip().count("\n") == 0 and "2026-0000-9999" in err
