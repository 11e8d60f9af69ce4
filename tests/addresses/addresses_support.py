"""Helpers for the address-selection tests: the synthetic municipality of benchmarks/."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def gen_addresses() -> ModuleType:
    """benchmarks/gen_addresses.py as a module (benchmarks/ is not a package)."""
    name = "gen_addresses"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "gen_addresses.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_town(out_dir: Path, n: int, seed: int = 7):  # type: ignore[no-untyped-def]
    """Write a town of *n* addresses and import every source into one AddressData."""
    from inspector.addresses.model import AddressData
    from inspector.addresses.sources import read_source

    paths = gen_addresses().write(out_dir, n, seed)
    data = AddressData()
    for kind in ("bag", "brp", "laa", "owners", "signals", "persons"):
        result = read_source(paths[kind], kind)
        assert not result.errors, result.errors[:3]
        getattr(data, f"add_{kind}")(result.records)
    return data
