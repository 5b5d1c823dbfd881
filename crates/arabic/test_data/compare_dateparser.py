#!/usr/bin/env python3
"""Runs PyPI's `dateparser` (search_dates, Arabic) over Marsad's date test sets for comparison.

Usage: compare_dateparser.py dates.tsv [dates_hand.tsv ...]
Prints one line: `dateparser <version>: <pass>/<total> = <pct>% in <seconds> s (<per-expr> us/expr)`.
Scoring is lenient towards dateparser: a row passes when any date it finds falls inside the
expected [start, end] (Marsad must match start, end and precision exactly); a row whose date is
unresolved or absent passes when dateparser finds nothing.
"""
import sys
import time
from datetime import date, datetime

import dateparser
from dateparser.search import search_dates

rows = []
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        rows.append(line.rstrip("\n").split("\t"))

ok = 0
t0 = time.perf_counter()
for published, sentence, start, end, _prec in rows:
    settings = {"PREFER_DATES_FROM": "past"}
    if published != "-":
        settings["RELATIVE_BASE"] = datetime.fromisoformat(published)
    try:
        found = search_dates(sentence, languages=["ar"], settings=settings) or []
    except Exception:
        found = []
    if start in ("-", "none"):
        ok += not found
    else:
        a, b = date.fromisoformat(start), date.fromisoformat(end)
        ok += any(a <= d.date() <= b for _, d in found)
elapsed = time.perf_counter() - t0
n = len(rows)
print(f"dateparser {dateparser.__version__}: {ok}/{n} = {100 * ok / n:.1f}% in {elapsed:.2f} s ({1e6 * elapsed / n:.0f} us/expr)")
