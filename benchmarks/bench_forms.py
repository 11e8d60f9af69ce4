"""Form engine figures: load and validate all forms; re-evaluate the location form after one
answer changes (20 bedrooms, 40 residents). Run: .venv/bin/python benchmarks/bench_forms.py"""

from __future__ import annotations

import statistics
import time
from datetime import date

from inspector.forms import FORMS_DIR, evaluate, load_forms
from inspector.rules import ResidentInput, compute
from inspector.settings import Norms


def main() -> None:
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        forms = load_forms(FORMS_DIR)
        runs.append((time.perf_counter() - t) * 1000)
    print(
        f"load and validate {len(forms)} forms: median {statistics.median(runs):.0f} ms "
        f"(first {runs[0]:.0f} ms)"
    )

    form = forms["verblijfslocatie"]
    answers = {
        "floor_area_m2": 240.0,
        "rooms": 22,
        "bedroom_count": 20,
        "persons_present": 40,
        "persons_registered": 12,
        "toilets": 3,
        "showers": 3,
        "burners": 8,
        "fridge_freezer_litres": 600.0,
        "sockets": 30,
        "bedrooms": [
            {"area_m2": 9.0 + i % 4, "beds": 2, "persons": 2, "window": "yes"} for i in range(20)
        ],
    }
    residents = [
        ResidentInput(
            f"r{i}",
            {
                "arrival_date": date(2026, 9, 1),
                "expected_stay": "four_months_or_more",
                "current_registration": "none",
            },
        )
        for i in range(40)
    ]
    evaluate(form, answers, today=date(2026, 11, 27))
    times, rule_times = [], []
    for i in range(300):
        answers["bedrooms"][i % 20]["persons"] = 1 + i % 3  # one answer changes
        t = time.perf_counter()
        evaluate(form, answers, today=date(2026, 11, 27))
        times.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        compute(answers, residents, Norms(), today=date(2026, 11, 27))
        rule_times.append((time.perf_counter() - t) * 1000)
    times.sort()
    rule_times.sort()
    print(
        f"re-evaluate location form (20 bedrooms) after one change: median "
        f"{statistics.median(times):.2f} ms, p99 {times[296]:.2f} ms (target < 5 ms)"
    )
    print(
        f"recompute norms, duties and signals (20 bedrooms, 40 residents): median "
        f"{statistics.median(rule_times):.2f} ms, p99 {rule_times[296]:.2f} ms"
    )


if __name__ == "__main__":
    main()
