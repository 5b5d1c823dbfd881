#!/usr/bin/env python3
"""Evaluate a `marsad export --format jsonl` file against an annotated gold reading.

usage: evaluate.py GOLD.json EXPORT.jsonl [--min-recall R] [--min-precision P] [--min-field F]

A gold event is found when a system event
  * shares a document with it (documents are compared by the file-name prefix before "_"),
  * has the same ACLED event type, and
  * names one of its places (place or also_places; Arabic names compared after removing
    diacritics and tatweel, folding أإآٱ to ا, ة to ه, ى to ي and dropping a leading ال in each
    word; English names compared as lower-case letters only; the system place's `variants` count).
Each system event serves at most one gold event. The pairing is a maximum matching that, among
matchings of that size, prefers the pairs agreeing on more fields (sub-type, date, actors,
fatalities, same document set).

For the events found it reports how often sub-type, date, actors and fatalities are right:
  * date: the system's date range overlaps the gold day widened by its precision (day ±1 day,
    week ±7, month ±31; a gold "YYYY-MM" is the month ±7 days);
  * actors: every gold actor is among the system's actors (by id, or by a name of the gold
    actor's `ar_forms`);
  * fatalities: same low and high; a gold figure of 0 (wounded only) accepts no figure or 0.
The set is read one document at a time: events merged across documents (more than one entry in
`docs`) are left out, since each stands for its members, which are exported and evaluated.
Precision is matched system events over system events, leaving out of the denominator those the
system itself marks as not happened (modality hypothetical, negated or denied) or as background.
Gold `not_events` (denied, hypothetical, negated statements) are checked too: a system event of
that type and place in that document, coded as happened, is listed as a modality error.
Exit status 1 when a given threshold is not met, 2 on bad input. Standard library only.
"""
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import date, timedelta

NOT_HAPPENED = {"hypothetical", "negated", "denied"}
FIELDS = ("sub_type", "date", "actors", "fatalities")

_marks = re.compile("[\u064b-\u065f\u0670\u0640]")
_alefs = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})


def ar_key(text):
    """Matching key of an Arabic name."""
    words = []
    for w in _marks.sub("", text or "").translate(_alefs).split():
        if w.startswith("ال") and len(w) > 3:
            w = w[2:]
        words.append(w)
    return " ".join(words)


def en_key(text):
    """Matching key of a transliterated name: lower-case ASCII letters only."""
    flat = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in flat.lower() if "a" <= c <= "z")


def place_keys(p):
    if not p:
        return set()
    keys = {("ar", ar_key(p.get("ar"))), ("en", en_key(p.get("en")))}
    keys |= {("ar", ar_key(v)) for v in p.get("variants") or []}
    return {k for k in keys if k[1]}


def event_place_keys(e):
    keys = place_keys(e.get("place"))
    for p in e.get("also_places") or []:
        keys |= place_keys(p)
    return keys


def doc_id(name):
    base = (name or "").replace("\\", "/").split("/")[-1]
    return re.split(r"[_.]", base, maxsplit=1)[0]


def to_day(s):
    try:
        return date.fromisoformat((s or "")[:10])
    except ValueError:
        return None


def gold_span(g):
    d = g.get("date")
    if not d:
        return None
    if re.fullmatch(r"\d{4}-\d{2}", d):
        y, m = int(d[:4]), int(d[5:])
        first = date(y, m, 1)
        last = date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
        return first - timedelta(days=7), last + timedelta(days=7)
    day = to_day(d)
    if day is None:
        return None
    pad = timedelta(days={"week": 7, "month": 31}.get(g.get("date_precision"), 1))
    return day - pad, day + pad


def date_right(g, e):
    span = gold_span(g)
    if span is None:
        return None
    d = e.get("date") or {}
    s, t = to_day(d.get("start")), to_day(d.get("end") or d.get("start"))
    if not s or not t:
        return False
    return s <= span[1] and span[0] <= t


class ActorTable:
    def __init__(self, gold_actors):
        self.by_key = defaultdict(set)
        for a in gold_actors:
            gid = a["id"]
            self.by_key[("id", gid.upper())].add(gid)
            for f in a.get("ar_forms") or []:
                self.by_key[("ar", ar_key(f))].add(gid)
            if a.get("en"):
                self.by_key[("en", en_key(a["en"]))].add(gid)

    def ids(self, e):
        out = set()
        for a in e.get("actors") or []:
            if a.get("id"):
                out.add(a["id"].upper())
            for k in (("id", (a.get("id") or "").upper()), ("ar", ar_key(a.get("ar"))), ("en", en_key(a.get("en")))):
                out |= self.by_key.get(k, set())
        return out


def actors_right(g, e, table):
    want = set(g.get("actors") or [])
    if not want:
        return None
    return want <= table.ids(e)


def fatalities_right(g, e):
    gf = g.get("fatalities")
    if not gf or (gf.get("low") is None and gf.get("high") is None):
        return None
    sf = e.get("fatalities") or {}
    if gf.get("low") == 0 and gf.get("high") in (0, None):
        return sf.get("low") in (None, 0) and sf.get("high") in (None, 0)
    return sf.get("low") == gf.get("low") and sf.get("high") == gf.get("high")


def field_checks(g, e, table):
    return {
        "sub_type": e.get("sub_type") == g.get("sub_type"),
        "date": date_right(g, e),
        "actors": actors_right(g, e, table),
        "fatalities": fatalities_right(g, e),
    }


def best_matching(n_gold, n_sys, edges):
    """Maximum matching of largest total weight among maximum matchings.

    edges: {(gold, sys): weight >= 0}. Min-cost flow by successive shortest paths (Bellman-Ford on
    the residual graph); every edge costs -(BIG + weight), so size comes first, agreement second.
    """
    big = 1000
    src, snk = n_gold + n_sys, n_gold + n_sys + 1
    graph = defaultdict(list)  # node -> list of [to, cap, cost, rev_index]

    def add(u, v, cost):
        graph[u].append([v, 1, cost, len(graph[v])])
        graph[v].append([u, 0, -cost, len(graph[u]) - 1])

    for gi in range(n_gold):
        add(src, gi, 0)
    for si in range(n_sys):
        add(n_gold + si, snk, 0)
    for (gi, si), w in edges.items():
        add(gi, n_gold + si, -(big + w))
    nodes = list(range(n_gold + n_sys + 2))
    while True:
        dist = {v: float("inf") for v in nodes}
        back = {}
        dist[src] = 0
        for _ in range(len(nodes)):
            changed = False
            for u in nodes:
                if dist[u] == float("inf"):
                    continue
                for idx, (v, cap, cost, _) in enumerate(graph[u]):
                    if cap > 0 and dist[u] + cost < dist[v]:
                        dist[v] = dist[u] + cost
                        back[v] = (u, idx)
                        changed = True
            if not changed:
                break
        if dist[snk] >= 0:
            break
        v = snk
        while v != src:
            u, idx = back[v]
            edge = graph[u][idx]
            edge[1] -= 1
            graph[v][edge[3]][1] += 1
            v = u
    pairs = {}
    for gi in range(n_gold):
        for v, cap, cost, _ in graph[gi]:
            if n_gold <= v < n_gold + n_sys and cap == 0 and cost < 0:
                pairs[gi] = v - n_gold
    return pairs


def first_trigger(e):
    trig = ((e.get("explain") or {}).get("triggers")) or []
    if not trig:
        return "-"
    t = trig[0]
    if isinstance(t, (list, tuple)):
        return str(t[0])
    if isinstance(t, dict):
        return str(t.get("text") or t.get("word") or t)
    return str(t)


def place_label(p):
    if not p:
        return "no place"
    return f"{p.get('ar') or ''} ({p.get('en') or ''})".strip()


def ratio(a, b):
    return f"{a}/{b} = {100.0 * a / b:.1f}%" if b else "0/0 = n/a"


def parse_args(argv):
    opts = {"--min-recall": None, "--min-precision": None, "--min-field": None}
    pos = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in opts:
            if i + 1 >= len(argv):
                raise SystemExit(f"{a} needs a value")
            opts[a] = float(argv[i + 1])
            i += 2
        elif "=" in a and a.split("=", 1)[0] in opts:
            k, v = a.split("=", 1)
            opts[k] = float(v)
            i += 1
        else:
            pos.append(a)
            i += 1
    if len(pos) != 2:
        raise SystemExit(__doc__)
    for k, v in opts.items():
        if v is not None and v > 1:
            opts[k] = v / 100.0  # accept 90 as well as 0.9
    return pos, opts


def main(argv):
    (gold_path, export_path), opts = parse_args(argv)
    with open(gold_path, encoding="utf-8") as f:
        gold = json.load(f)
    rows = []
    with open(export_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as err:
                    print(f"{export_path}:{n}: not JSON ({err})")
                    return 2
    doc_of = {r["id"]: doc_id(r.get("source")) for r in rows if r.get("kind") == "document"}
    gold_docs = {doc_id(d["file"]) for d in gold.get("documents", [])}
    sys_events = [r for r in rows if r.get("kind") == "event"]
    # The set is read one document at a time (no gold event spans two documents): an event merged
    # across documents stands for its members, which are exported and evaluated themselves.
    merged = [e for e in sys_events if len(e.get("docs") or []) > 1]
    sys_events = [e for e in sys_events if len(e.get("docs") or []) <= 1]
    # Only system events on the gold's documents take part.
    sys_events = [e for e in sys_events if {doc_of.get(d, doc_id(d)) for d in e.get("docs") or []} & gold_docs]
    gold_events = gold.get("events", [])
    table = ActorTable(gold.get("actors", []))

    def sdocs(e):
        return {doc_of.get(d, doc_id(d)) for d in e.get("docs") or []}

    def happened(e):
        return (e.get("modality") or "asserted") not in NOT_HAPPENED

    edges = {}
    for gi, g in enumerate(gold_events):
        gd, gp = set(g.get("docs") or []), event_place_keys(g)
        for si, e in enumerate(sys_events):
            if (e.get("modality") or "") in ("hypothetical", "negated"):
                continue
            if not (sdocs(e) & gd) or e.get("type") != g.get("type") or not (event_place_keys(e) & gp):
                continue
            checks = field_checks(g, e, table)
            edges[(gi, si)] = sum(1 for v in checks.values() if v) + (sdocs(e) == gd)
    pairs = best_matching(len(gold_events), len(sys_events), edges)
    matched_sys = set(pairs.values())

    print(f"gold: {len(gold_events)} events in {len(gold_docs)} documents; "
          f"system: {len(sys_events)} events on those documents "
          f"({len(merged)} events merged across documents left out: their members are evaluated)")
    print()
    n_found = len(pairs)
    print(f"event recall     {ratio(n_found, len(gold_events))}  (gold events found: same document, type and place)")
    counted = [si for si, e in enumerate(sys_events) if happened(e) and not e.get("background")]
    left_out = len(sys_events) - len(counted)
    hit = sum(1 for si in counted if si in matched_sys)
    print(f"event precision  {ratio(hit, len(counted))}  (system events matched; the denominator leaves out "
          f"{left_out} system events marked hypothetical/negated/denied or background)")
    print()
    tally = {f: [0, 0] for f in FIELDS}
    per_gold_checks = {}
    for gi, si in pairs.items():
        checks = field_checks(gold_events[gi], sys_events[si], table)
        per_gold_checks[gi] = checks
        for f, v in checks.items():
            if v is not None:
                tally[f][0] += bool(v)
                tally[f][1] += 1
    print("field accuracy of found events (events where the gold gives the field):")
    for f in FIELDS:
        print(f"  {f:11s} {ratio(*tally[f])}")
    print()
    for field, label, width in (("type", "type", 28), ("sub_type", "sub-type", 36)):
        print(f"recall per {label}:")
        total, found = Counter(), Counter()
        for gi, g in enumerate(gold_events):
            total[g[field]] += 1
            found[g[field]] += gi in pairs
        for t in sorted(total):
            print(f"  {t:{width}s} {ratio(found[t], total[t])}")

    print()
    missed = [gi for gi in range(len(gold_events)) if gi not in pairs]
    print(f"missed gold events ({len(missed)}):")
    for gi in missed:
        g = gold_events[gi]
        print(f"  {g['id']} [{','.join(g.get('docs') or [])}] {g['sub_type']} at {place_label(g.get('place'))}: {g.get('what', '')[:90]}")
    print()
    wrong = [(gi, c) for gi, c in per_gold_checks.items() if any(v is False for v in c.values())]
    print(f"found events with a wrong field ({len(wrong)}):")
    for gi, c in sorted(wrong):
        g, e = gold_events[gi], sys_events[pairs[gi]]
        bad = []
        if c["sub_type"] is False:
            bad.append(f"sub_type {e.get('sub_type')!r} (gold {g['sub_type']!r})")
        if c["date"] is False:
            d = e.get("date") or {}
            bad.append(f"date {d.get('start')}..{d.get('end')} (gold {g.get('date')} {g.get('date_precision') or 'day'})")
        if c["actors"] is False:
            bad.append(f"actors {sorted(table.ids(e) & set(a.get('id') or '' for a in e.get('actors') or []))} (gold {g.get('actors')})")
        if c["fatalities"] is False:
            sf = e.get("fatalities") or {}
            gf = g.get("fatalities") or {}
            bad.append(f"fatalities {sf.get('low')}..{sf.get('high')} (gold {gf.get('low')}..{gf.get('high')})")
        print(f"  {g['id']} [{','.join(g.get('docs') or [])}] {g['sub_type']} at {place_label(g.get('place'))}: " + "; ".join(bad))
    print()
    unmatched = [si for si in range(len(sys_events)) if si not in matched_sys]
    print(f"unmatched system events ({len(unmatched)}; * = left out of precision):")
    for si in unmatched:
        e = sys_events[si]
        star = "*" if (not happened(e) or e.get("background")) else " "
        flags = [e.get("modality") or "?"] + (["background"] if e.get("background") else [])
        print(f" {star}{e.get('id', si)} [{','.join(sorted(sdocs(e)))}] {e.get('sub_type')} at {place_label(e.get('place'))}"
              f" trigger «{first_trigger(e)}» ({', '.join(flags)})")

    traps = gold.get("not_events") or []
    if traps:
        print()
        bad_traps = []
        for t in traps:
            td, tp = set(t.get("docs") or []), place_keys(t.get("place"))
            for e in sys_events:
                if sdocs(e) & td and e.get("type") == t.get("type") and event_place_keys(e) & tp and happened(e) \
                        and (e.get("sub_type") == t.get("sub_type")) and pairs_lookup(pairs, e, sys_events) is None:
                    bad_traps.append((t, e))
                    break
        print(f"denied/hypothetical/negated statements: {len(traps) - len(bad_traps)}/{len(traps)} not coded as happened")
        for t, e in bad_traps:
            print(f"  [{','.join(t['docs'])}] {t['modality']}: {t.get('what', '')[:80]} -> coded as {e.get('id')} ({e.get('modality')})")

    failures = []
    rec = n_found / len(gold_events) if gold_events else 0.0
    prec = hit / len(counted) if counted else 0.0
    if opts["--min-recall"] is not None and rec < opts["--min-recall"]:
        failures.append(f"recall {rec:.3f} < {opts['--min-recall']}")
    if opts["--min-precision"] is not None and prec < opts["--min-precision"]:
        failures.append(f"precision {prec:.3f} < {opts['--min-precision']}")
    if opts["--min-field"] is not None:
        for f in FIELDS:
            a, b = tally[f]
            if b and a / b < opts["--min-field"]:
                failures.append(f"{f} {a / b:.3f} < {opts['--min-field']}")
    print()
    summary = (f"summary: recall {ratio(n_found, len(gold_events))}; precision {ratio(hit, len(counted))}; "
               + "; ".join(f"{f} {ratio(*tally[f])}" for f in FIELDS))
    print(summary)
    if failures:
        print("BELOW THRESHOLD: " + "; ".join(failures))
        return 1
    return 0


def pairs_lookup(pairs, e, sys_events):
    """The gold index a system event is matched to, or None."""
    for gi, si in pairs.items():
        if sys_events[si] is e:
            return gi
    return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
