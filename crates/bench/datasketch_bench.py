#!/usr/bin/env python3
"""Near-duplicates with datasketch's MinHash LSH on the texts marsad-bench wrote; prints JSON.

Usage: datasketch_bench.py TEXTS.json   (a JSON array of matching-key texts)
Same settings as Marsad: 64 permutations, 3-word shingles, threshold 0.5. The time covers
signatures, insertion and queries, not reading the file.
"""
import json
import sys
import time

import datasketch

texts = json.load(open(sys.argv[1], encoding="utf-8"))
start = time.perf_counter()
lsh = datasketch.MinHashLSH(threshold=0.5, num_perm=64)
hashes = []
for i, t in enumerate(texts):
    words = t.split()
    shingles = {" ".join(words[k:k + 3]).encode("utf-8") for k in range(max(1, len(words) - 2))}
    m = datasketch.MinHash(num_perm=64)
    m.update_batch(list(shingles))
    hashes.append(m)
    lsh.insert(i, m)
pairs = set()
for i, m in enumerate(hashes):
    for j in lsh.query(m):
        if j != i and m.jaccard(hashes[j]) >= 0.5:
            pairs.add((max(i, j), min(i, j)))
seconds = time.perf_counter() - start
print(json.dumps({"version": datasketch.__version__, "seconds": seconds, "pairs": sorted(pairs)}))
