"""Reading an employer's list as .xlsx, .ods and CSV: a group day (500 rows) and the largest
list allowed (5000 rows).

Prints the median seconds per format and size. Target: a 500-row list under 3 s in every
format on a 2-core laptop (the dialog reads it once to show it and once to import). The
5000-row figures are printed for information (.xlsx and .ods are read by calamine).
Run: .venv/bin/python benchmarks/bench_importlist.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import openpyxl

from inspector.employer_list.importlist import MAX_DATA_ROWS, read_list

RUNS = 3
TARGET_S = 3.0
SIZES = (500, MAX_DATA_ROWS)
HEADER = ["achternaam", "voornamen", "geboortedatum", "datum van aankomst", "geboorteplaats",
          "geboorteland", "bsn", "kamer"]  # fmt: skip


def make(tmp: Path, count: int) -> dict[str, Path]:
    rows = [
        [f"Testowa{i}", "Anna", date(1990, 1, 1 + i % 28), "2026-03-01", "Łódź", "Polen", "",
         str(i % 50)]
        for i in range(count)
    ]  # fmt: skip
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    files = {"xlsx": tmp / f"lijst{count}.xlsx", "csv": tmp / f"lijst{count}.csv"}
    book.save(files["xlsx"])
    files["csv"].write_text(
        "\n".join(";".join(str(c) for c in r) for r in [HEADER, *rows]), encoding="utf-8"
    )
    soffice = shutil.which("soffice")
    if soffice:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
             "--convert-to", "ods", "--outdir", str(tmp), str(files["xlsx"])],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        files["ods"] = tmp / f"lijst{count}.ods"
    return files


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="inspector-bench-list-"))
    ok = True
    for count in SIZES:
        files = make(tmp, count)
        print(f"Reading a list of {count} rows (median of {RUNS} runs):")
        for kind, path in files.items():
            times = []
            for _ in range(RUNS if count <= 500 else 1):
                started = time.perf_counter()
                result = read_list(path, today=date(2026, 11, 30))
                times.append(time.perf_counter() - started)
                assert len(result.rows) == count, (kind, len(result.rows))
            median = statistics.median(times)
            if count <= 500:
                ok &= median < TARGET_S
            print(f"  {kind:<5} {median:6.2f} s")
        if "ods" not in files:
            print("  ods   skipped: soffice not installed (apt-get install libreoffice-calc)")
    print(f"Target: 500 rows under {TARGET_S:.0f} s in every format: {'met' if ok else 'NOT met'}.")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
