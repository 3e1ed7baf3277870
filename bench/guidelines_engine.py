"""Benchmark the guideline engine against the numbers the editor needs.

Run from the repository root:  .venv/bin/python bench/guidelines_engine.py

The editor re-checks the post while the employee types, so one check of a
long (~3,000 character) post must stay well under a millisecond even with a
10,000-term ruleset. For comparison the script also times the naive approach
(one big case-insensitive regex alternation of all terms).
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advocacy.guidelines.engine import (  # noqa: E402
    CheckContext,
    QuietPeriod,
    RulesetConfig,
    Term,
    check,
    clear_ruleset_cache,
    compile_ruleset,
)

N_TERMS = 10_000
LISTS = ("confidential", "competitor", "claims", "financial", "inclusive")
SYLLABLES = (
    "ka ro mi zu te van lo ber gen stra ven dor pix el qua tor lin mar sol "
    "fen wit dak hor ent bel nox vi tra ga por"
).split()


def synthetic_terms(seed: int = 42) -> list[Term]:
    """Deterministic pseudo-words and phrases, like a big client/codename list."""
    rng = random.Random(seed)
    terms, seen = [], set()
    while len(terms) < N_TERMS:
        words = [
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))
        ]
        text = " ".join(words)
        if text in seen:
            continue
        seen.add(text)
        terms.append(Term(text, rng.choice(LISTS), replacement="alternatief"))
    return terms


PARAGRAPH_NL = (
    "Vandaag was een bijzondere dag bij ons team in Rotterdam. We hebben samen met "
    "klanten gekeken naar de nieuwe werkwijze voor duurzame bezorging, en het "
    "resultaat mag er zijn: minder ritten, minder uitstoot en blijere klanten. "
    "Dank aan alle collega’s die hier maanden aan hebben gewerkt! Één ding is "
    "zeker: ons café-team 🚀 zet de klant voorop. "
)
PARAGRAPH_EN = (
    "What I learned this quarter is that small improvements add up. Our support "
    "engineers cut waiting times in half by listening to customers first and "
    "writing the fix second. It's not magic, it's patience and good tooling. "
)


def realistic_post(terms: list[Term]) -> str:
    body = []
    while sum(map(len, body)) < 2600:
        body.append(PARAGRAPH_NL)
        body.append(PARAGRAPH_EN)
    hits = (
        f"Thanks guys for the support, and a shout-out to {terms[7].text}. "
        "Vragen? Bel 06-12345678 of lees meer op https://www.coolblue.nl/werken. "
    )
    tags = "#werkenbij #duurzaam #teamwork #coolbluemedewerker"
    return "".join(body)[:2700] + hits + tags


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


def main() -> None:
    terms = synthetic_terms()
    config = RulesetConfig(
        version="bench-1",
        company_name="Coolblue",
        terms=terms,
        allowed_link_domains=("coolblue.nl",),
        quiet_periods=(QuietPeriod(date(2025, 1, 1), date(2025, 1, 31), "Q4"),),
        hashtag_limit=10,
    )
    builds = []
    for _ in range(5):
        clear_ruleset_cache()
        t0 = time.perf_counter()
        ruleset = compile_ruleset(config)
        builds.append((time.perf_counter() - t0) * 1000)

    text = realistic_post(terms)
    context = CheckContext(
        locale="nl", today=date(2025, 3, 1), promotional=True,
        appended_url="https://bb.example/s/abc123",
    )  # fmt: skip
    report = check(text, network="linkedin", ruleset=ruleset, context=context)
    for _ in range(300):  # warm-up
        check(text, network="linkedin", ruleset=ruleset, context=context)
    samples = []
    for _ in range(5000):
        t0 = time.perf_counter()
        check(text, network="linkedin", ruleset=ruleset, context=context)
        samples.append((time.perf_counter() - t0) * 1000)
    p50, p99 = percentile(samples, 50), percentile(samples, 99)

    naive = re.compile("|".join(map(re.escape, (t.text for t in terms))), re.I)
    naive_samples = []
    for _ in range(20):
        t0 = time.perf_counter()
        naive.findall(text)
        naive_samples.append((time.perf_counter() - t0) * 1000)
    naive_ms = statistics.median(naive_samples)

    x_samples = []
    for _ in range(2000):
        t0 = time.perf_counter()
        check(text[:240], network="x", ruleset=ruleset, context=context)
        x_samples.append((time.perf_counter() - t0) * 1000)

    rows = [
        ("terms in ruleset", f"{N_TERMS:,}"),
        ("post length (chars)", f"{len(text):,}"),
        ("findings in post", f"{len(report.findings)} {report.counts}"),
        ("ruleset build, median of 5", f"{statistics.median(builds):.1f} ms"),
        ("check p50 (linkedin)", f"{p50:.3f} ms"),
        ("check p99 (linkedin)", f"{p99:.3f} ms"),
        ("check p50 (x, 240 chars)", f"{percentile(x_samples, 50):.3f} ms"),
        ("naive regex alternation, search", f"{naive_ms:.3f} ms"),
        ("speed-up (naive search / check p50)", f"{naive_ms / p50:.0f}x"),
    ]
    width = max(len(k) for k, _ in rows)
    print("Guideline engine benchmark")
    print("-" * (width + 20))
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    print("-" * (width + 20))
    print("targets: build <= 300 ms, p50 <= 0.3 ms, p99 <= 1 ms, speed-up >= 100x")


if __name__ == "__main__":
    main()
