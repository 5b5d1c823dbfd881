#!/usr/bin/env python3
"""Checks an export of the shared seed articles: no boilerplate line survives in any clean text.

Usage: check_seed_boilerplate.py EXPORT.jsonl

The markers are the page furniture the seeds carry (short fixed strings, not article text).
Exits 1 and names the document and line when one is found.
"""
import json
import sys

# Lines that must never remain as a line of clean text.
LINES = {
    "icon", "التغطية الحية", "+A", "-A", "حجم الخط", "+ الخط -", "تعليقات", "قد يعجبك ايضا",
    "جاري التحميل", "المصدر : الجزيرة", "حول هذه القصة", "الأكثر قراءة", "زمان الوصل",
    "تعليقات حول الموضوع", "تلفزيون سوريا - متابعات",
}
# Substrings that mark a boilerplate line wherever it appears.
MARKS = [
    "FILE PHOTO", "(أرشيف - إنترنت)", "(رويترز-أرشيف)", "لإرسال تعليق", "المزيد من سياسي",
    "مصدر", "الأيام السورية؛", "-شمال سوريا",
]


def main(path):
    bad = []
    docs = 0
    for line in open(path, encoding="utf-8"):
        rec = json.loads(line)
        if rec.get("kind") != "document":
            continue
        docs += 1
        lines = [l.strip() for l in rec["text"].split("\n") if l.strip()]
        seen = set()
        for l in lines:
            if l in LINES or any(m in l and (m != "مصدر" or l.startswith("مصدر")) for m in MARKS):
                bad.append(f"{rec['source']}: boilerplate line kept: {l[:80]!r}")
            if l in seen and len(l.split()) < 25:
                bad.append(f"{rec['source']}: line repeated (headline?): {l[:80]!r}")
            seen.add(l)
    print(f"seed boilerplate check: {docs} documents, {len(bad)} problems")
    for b in bad:
        print("  " + b)
    return 1 if bad or docs == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
