"""Fixtures of the clerk tests: an office (clerk) store, an in-process service and a
provisioned laptop."""

from __future__ import annotations

from pathlib import Path

import pytest
from clerk_support import make_office, provision, start_service

from inspector.clerk import receive
from inspector.core.workspace import Workspace


@pytest.fixture
def world(tmp_path: Path, workspace: Workspace):  # type: ignore[no-untyped-def]
    office = make_office(tmp_path / "office")
    svc = start_service(tmp_path, office)
    provision(workspace, svc, office)
    receive.link(office, "http://service.test", svc.user("registry"))
    yield office, svc, workspace
    office.close()
    svc.db.dispose()
