"""How store_format3/ was made: the app as it was before the state-change table (main 5d88556),
when the reasons of finalizing with open points and of reopening were answers of the made-up
forms ``_finalize`` and ``_reopen``. All people, addresses and reasons are fictitious.

git archive 5d88556 inspector forms letter_templates resources | tar -x -C /tmp/old
PYTHONPATH=/tmp/old python tests/data/store_format3/make_store.py OUT_DIR
"""

import sys
from pathlib import Path

import keyring
import keyring.backends.fail

keyring.set_keyring(keyring.backends.fail.Keyring())

from inspector.core import vault  # noqa: E402
from inspector.paths import DataPaths  # noqa: E402

paths = DataPaths(Path(sys.argv[1]))
ws = vault.initialise(
    paths,
    officer_name="Toezichthouder Oud",
    username="oud",
    password="oude-opslag-vos-12",
    municipality="Gemeente Voorbeeld",
)
a = ws.inspections.create(address="Voorbeeldstraat 1", postcode="1234 AB", city="Fictiefstad")
b = ws.inspections.create(address="Proefweg 2", postcode="9999 ZZ", city="Testdorp")
r1 = ws.residents.add(a.id, "Anna Fictief", "pl", room="3")
ws.answers.save(a.id, "verblijfslocatie", 1, "opmerking", "oude opmerking")
ws.inspections.finalize(
    a.id, incomplete_reason="Zolder niet toegankelijk (fictief)", open_points={"missing": 2}
)
ws.inspections.reopen(a.id, "Meetfout in slaapkamer 2 (fictief)")
ws.inspections.finalize(a.id)
ws.inspections.finalize(b.id)
ws.close()
print(a.id, b.id, r1.id)
