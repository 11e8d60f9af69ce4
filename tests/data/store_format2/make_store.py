"""How store_format2/ was made: the app as it was before the sync tables were bound to their
rows (main at 0917193), a key-file store with sync keys, a sync link and two inbox items.

    git archive 0917193 inspector forms letter_templates resources | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old python tests/data/store_format2/make_store.py OUT_DIR
"""

import sys
from pathlib import Path

import keyring
import keyring.backends.fail

keyring.set_keyring(keyring.backends.fail.Keyring())

from inspector.core import vault  # noqa: E402
from inspector.paths import DataPaths  # noqa: E402
from inspector.sync.models import SyncInbox, SyncKey, SyncLink  # noqa: E402

paths = DataPaths(Path(sys.argv[1]))
ws = vault.initialise(
    paths,
    officer_name="Toezichthouder Twee",
    username="twee",
    password="tweede-opslag-vos-12",
    municipality="Gemeente Voorbeeld",
)
a = ws.create_inspection(address="Voorbeeldstraat 2", postcode="1234 AB", city="Fictiefstad")
with ws.unit() as s:
    s.add(SyncKey(key_id="root-fictief", purpose="root", public=b"P" * 32, private=b"R" * 32))
    s.add(SyncKey(key_id="box-fictief", purpose="device-box", public=b"Q" * 32, private=b"B" * 32))
    s.add(
        SyncLink(
            id=1,
            server_url="https://sync.voorbeeld.example",
            device_id="00000000-0000-4000-8000-000000000002",
            credential="token-fictief-2",
            root_public=b"P" * 32,
            trust_bundle="{}",
        )
    )
    s.add(
        SyncInbox(
            seq=1,
            kind="outcome",
            record_id="rec-1",
            state="processed",
            content={"note": "fictief een"},
        )
    )
    s.add(
        SyncInbox(
            seq=2,
            kind="outcome",
            record_id="rec-2",
            state="returned",
            content={"note": "fictief twee"},
        )
    )
ws.close()
print(a.id)
