#!/usr/bin/env python3
"""Times trafilatura's main-text extraction on the pages marsad-bench wrote; prints JSON.

Usage: trafilatura_bench.py PAGES.json   (a JSON array of HTML strings)
Output: {"version": ..., "seconds": ..., "texts": [...]}; the time covers extraction only.
"""
import json
import sys
import time

import trafilatura

pages = json.load(open(sys.argv[1], encoding="utf-8"))
start = time.perf_counter()
texts = [trafilatura.extract(p, include_comments=False, include_tables=False) or "" for p in pages]
seconds = time.perf_counter() - start
print(json.dumps({"version": trafilatura.__version__, "seconds": seconds, "texts": texts}, ensure_ascii=False))
