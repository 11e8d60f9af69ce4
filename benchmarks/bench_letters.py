"""Benchmark: renders every letter in every language to PDF and DOCX and prints timings."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inspector.letters import KINDS, available_languages, render, sample_context  # noqa: E402
from inspector.settings import Municipality  # noqa: E402

ROUNDS = 5


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    municipality = Municipality()
    jobs = [(k, lang) for k in KINDS for lang in available_languages(k)]
    first: dict[str, float] = {}
    for fmt in ("pdf", "docx"):
        start = time.perf_counter()
        render("control", "nl", sample_context(municipality, "nl"), fmt)  # warm-up: fonts, caches
        first[fmt] = (time.perf_counter() - start) * 1000
    for kind, lang in jobs:
        for fmt in ("pdf", "docx"):
            render(kind, lang, sample_context(municipality, lang), fmt)
    print(f"{len(jobs)} letter/language pairs x {ROUNDS} rounds, sample context with 2 photos")
    print(f"{'format':<6} {'first ms':>9} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}  slowest")
    for fmt in ("pdf", "docx"):
        times: list[tuple[float, str]] = []
        for _ in range(ROUNDS):
            for kind, lang in jobs:
                context = sample_context(municipality, lang)
                start = time.perf_counter()
                render(kind, lang, context, fmt)
                times.append(((time.perf_counter() - start) * 1000, f"{kind}/{lang}"))
        ms = [t for t, _ in times]
        slowest = max(times)[1]
        print(
            f"{fmt:<6} {first[fmt]:>9.1f} {statistics.median(ms):>10.1f} {_p95(ms):>8.1f} "
            f"{max(ms):>8.1f}  {slowest}"
        )


if __name__ == "__main__":
    main()
