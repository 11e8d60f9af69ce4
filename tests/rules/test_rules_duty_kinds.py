"""DutyKinds names every DutyKind value, and nothing else."""

from __future__ import annotations

from typing import get_args

from inspector.rules.model import DutyKind, DutyKinds


def test_duty_kinds_name_every_duty_kind() -> None:
    named = {v for k, v in vars(DutyKinds).items() if k.isupper()}
    assert named == set(get_args(DutyKind))
