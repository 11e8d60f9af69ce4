"""The registry clerk's workspace (burgerzaken), without Qt: receiving sealed registrations
from the office service, the queue with its legal clock, outcomes, warnings, exports."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspector.core.workspace import Workspace


def is_clerk_store(ws: Workspace) -> bool:
    """A clerk's store is an office store holding a private registry key (key ceremony).

    Asked by the main window at every start, so kept light: one query for a key id, nothing
    decrypted, and none of the clerk's own modules (httpx, holidays, the envelope) loaded.
    """
    from sqlalchemy import select

    from inspector.sync.models import SyncKey

    query = select(SyncKey.key_id).where(
        SyncKey.purpose == "recipient",
        SyncKey.role == "registry",
        SyncKey.private.is_not(None),
    )
    with ws.unit() as s:
        return s.scalar(query.limit(1)) is not None
