"""How store_format1/ was made: the app as it was before row binding (commit 4df7259).

git archive 4df7259 inspector forms letter_templates resources | tar -x -C /tmp/old
PYTHONPATH=/tmp/old python tests/data/store_format1/make_store.py OUT_DIR
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
r1 = ws.residents.add(a.id, "Anna Fictief", "pl", room="3", import_key="a" * 64)
r2 = ws.residents.add(a.id, "Bogdan Verzonnen", "uk")
ws.answers.save(a.id, "verblijfslocatie", 1, "opmerking", "oude opmerking")
ws.answers.save(a.id, "bewoner", 1, "surname", "Fictief", resident_id=r1.id)
ws.answers.save(a.id, "bewoner", 1, "bsn", "111222333", resident_id=r1.id)
inst = ws.answers.add_repeat(a.id, "verblijfslocatie", 1, "slaapkamers")
ws.answers.save(a.id, "verblijfslocatie", 1, "oppervlakte", 12.5, instance_id=inst)
ws.attachments.add(
    a.id, kind="photo", content=b"\x89PNG fictief", mime="image/png", caption="keuken"
)
ws.inspections.finalize(b.id)
ws.close()
print(a.id, b.id, r1.id, r2.id)
