"""Run every benchmark in this folder and print its figures: .venv/bin/python benchmarks/run.py"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        code = subprocess.run([sys.executable, str(script)], env=env).returncode
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
