#!/usr/bin/env python3
"""Compile the open gazetteer sources into crates/entities/data/gazetteer.tsv.gz.

Reads (from the shared data folder, default ../../../../shared/data/gazetteer relative to this
script, i.e. /work/shared/data/gazetteer next to the workspace):

- wof_sy_flat.tsv, wof_iq_flat.tsv   Who's On First, Syria and Iraq (places, counties, regions)
- ocha-syria-2016/                    OCHA admin 1-3 attribute tables, their polygons (to put each
                                      Syrian point in its sub-district) and city neighbourhoods
- opensyria/                          governorate, district and sub-district aliases, centroids and
                                      populations
- ../../data/places_extra.tsv         our own supplementary places (fields, dams, crossings, ...)

Writes one gzip'd TSV, sorted by id, gzip header without a timestamp, so the same inputs always
give the same bytes. Python 3 standard library only.

    python3 crates/entities/tools/build_gazetteer.py [SHARED_GAZETTEER_DIR] [OUT]
"""

import csv
import gzip
import io
import json
import math
import os
import re
import struct
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
CRATE = os.path.dirname(HERE)
DEFAULT_SRC = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "shared", "data", "gazetteer"))
DEFAULT_OUT = os.path.join(CRATE, "data", "gazetteer.tsv.gz")
EXTRA = os.path.join(CRATE, "data", "places_extra.tsv")

csv.field_size_limit(1 << 24)

# Prominence by feature kind: the prior a same-named place starts from before context counts.
RANK = {
    "country": 100,
    "governorate": 90,
    "district": 70,
    "city": 65,
    "town": 60,
    "subdistrict": 50,
    "oil_field": 55, "gas_field": 55, "dam": 55, "airport": 55, "base": 55, "crossing": 55,
    "desert": 45, "area": 40,
    "village": 30,
    "neighbourhood": 20,
}

ADMIN_PREFIXES = ("محافظة ", "محافظه ", "منطقة ", "منطقه ", "ناحية ", "ناحيه ", "قضاء ")


# ---------------------------------------------------------------- text helpers

def is_arabic(s):
    return any("\u0620" <= c <= "\u064a" for c in s) and not re.search(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]", s)


def fold(s):
    """A rough matching key, only for merging duplicates here (the crate keys names itself)."""
    out = []
    for c in s:
        if "\u064b" <= c <= "\u065f" or c in "\u0670\u0640":
            continue
        c = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ة": "ه", "ؤ": "و"}.get(c, c)
        out.append(c)
    words = "".join(out).split()
    words = [w[2:] if w.startswith("ال") and len(w) >= 4 else w for w in words]
    return " ".join(words)


def clean(s):
    s = unicodedata.normalize("NFC", s or "").strip().strip("\"'«»")
    s = re.sub(r"\s+", " ", s)
    return s


def strip_admin_prefix(s):
    for p in ADMIN_PREFIXES:
        if s.startswith(p) and len(s) > len(p) + 1:
            return s[len(p):]
    return s


def uniq(xs):
    seen, out = set(), []
    for x in xs:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def km(a, b):
    (la1, lo1), (la2, lo2) = a, b
    p = math.pi / 180
    x = (lo2 - lo1) * p * math.cos((la1 + la2) / 2 * p)
    y = (la2 - la1) * p
    return 6371 * math.hypot(x, y)


# ---------------------------------------------------------------- shapefiles

def read_dbf(path):
    with open(path, "rb") as f:
        data = f.read()
    n, hlen, rlen = struct.unpack("<IHH", data[4:12])
    fields, pos = [], 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode()
        flen = data[pos + 16]
        fields.append((name, flen))
        pos += 32
    rows = []
    for i in range(n):
        off = hlen + i * rlen + 1
        row = {}
        for name, flen in fields:
            row[name] = data[off:off + flen].decode("utf-8", "replace").strip()
            off += flen
        rows.append(row)
    return rows


def read_shp_polygons(path):
    """Each record's rings as lists of (x, y), with its bounding box."""
    with open(path, "rb") as f:
        data = f.read()
    pos, shapes = 100, []
    while pos < len(data):
        _, clen = struct.unpack(">ii", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + clen * 2]
        pos += 8 + clen * 2
        stype = struct.unpack("<i", body[:4])[0]
        if stype not in (5, 15, 25):
            shapes.append(None)
            continue
        bbox = struct.unpack("<4d", body[4:36])
        nparts, npoints = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack("<%di" % nparts, body[44:44 + 4 * nparts]))
        pts_off = 44 + 4 * nparts
        pts = [struct.unpack("<2d", body[pts_off + 16 * i:pts_off + 16 * i + 16]) for i in range(npoints)]
        rings = [pts[a:b] for a, b in zip(parts, parts[1:] + [npoints])]
        shapes.append((bbox, rings))
    return shapes


def inside(shape, x, y):
    bbox, rings = shape
    if not (bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]):
        return False
    odd = False
    for ring in rings:
        j = len(ring) - 1
        for i in range(len(ring)):
            xi, yi = ring[i]
            xj, yj = ring[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                odd = not odd
            j = i
    return odd


class SyriaAdmin:
    """Puts a Syrian point in its OCHA sub-district (and so its district and governorate)."""

    def __init__(self, ocha):
        base = os.path.join(ocha, "syr_admin_shp_utf8_18219", "syr_admin3")
        self.attrs = read_dbf(base + ".dbf")
        self.shapes = read_shp_polygons(base + ".shp")
        self.cache = {}

    def locate(self, lat, lon):
        key = (round(lat, 4), round(lon, 4))
        if key in self.cache:
            return self.cache[key]
        hit = None
        for a, s in zip(self.attrs, self.shapes):
            if s and inside(s, lon, lat):
                hit = (a["ADM1_PCODE"], a["ADM2_PCODE"], a["PCODE"])
                break
        self.cache[key] = hit
        return hit


# ---------------------------------------------------------------- entries

class Entry:
    __slots__ = ("id", "kind", "lat", "lon", "pop", "rank", "admin", "ar", "en", "ar_names", "en_names", "country")

    def __init__(self, id, kind, lat, lon, ar, en, ar_names, en_names, country, pop=0):
        self.id = id
        self.kind = kind
        self.lat = lat
        self.lon = lon
        self.pop = pop
        self.rank = RANK.get(kind, 30)
        self.admin = ("", "", "")
        self.ar = ar
        self.en = en
        self.ar_names = uniq(ar_names)
        self.en_names = uniq(en_names)
        self.country = country

    def absorb(self, other):
        self.ar_names = uniq(self.ar_names + other.ar_names)
        self.en_names = uniq(self.en_names + other.en_names)
        self.pop = max(self.pop, other.pop)
        if not self.ar and other.ar:
            self.ar = other.ar


def split_names(*fields):
    out = []
    for f in fields:
        for part in (f or "").split("|"):
            part = clean(part)
            if part:
                out.append(part)
    return out


def wof_kind(r):
    pt = r["placetype"]
    if pt == "region":
        return "governorate"
    if pt == "county":
        return "district"
    if pt == "localadmin":
        return "subdistrict"
    if pt == "neighbourhood":
        return "neighbourhood"
    if pt == "country":
        return "country"
    if pt == "campus":
        return "airport" if re.search(r"air|مطار|قاعدة", r["name"] + r["name_ar"], re.I) else "base"
    if pt == "locality":
        return "town" if r["is_current"] == "1" else "village"
    return None


def read_wof(path, country):
    out = []
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            kind = wof_kind(r)
            if not kind or r["deprecated"] or r["is_current"] == "0":
                continue
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
            except ValueError:
                continue
            ar_all = [n for n in split_names(r["name_ar"], r["name_ar_variants"]) if is_arabic(n)]
            if kind in ("governorate", "district"):
                # Some regions list their capital as a variant (نينوى | الموصل): keep only the
                # spellings of the unit's own name.
                main = fold(strip_admin_prefix(ar_all[0])) if ar_all else ""
                ar_all = [n for n in ar_all if fold(strip_admin_prefix(n))[:3] == main[:3]]
            ar_all = [strip_admin_prefix(n) for n in ar_all]
            en_all = [n for n in split_names(r["name"], r["name_en_variants"]) if not is_arabic(n)]
            if not ar_all:
                continue
            e = Entry("wof:" + r["wof_id"], kind, lat, lon, ar_all[0], en_all[0] if en_all else "",
                      ar_all, en_all, country)
            e.admin = (r["region_id"], r["county_id"], "")
            out.append((e, r))
    return out


def read_opensyria(src):
    """Aliases, centroids and populations by OCHA P-code."""
    by_pcode = {}
    for name in ("governorates", "districts", "subdistricts"):
        with open(os.path.join(src, "opensyria", name + ".json"), encoding="utf-8") as f:
            for u in json.load(f):
                pc = (u.get("externalIds") or {}).get("ochaPcode")
                if not pc:
                    continue
                ar = [u["name"]["ar"]] + [a["value"] for a in u.get("aliases", []) if a.get("language") == "ar"]
                en = [u["name"]["en"]] + [a["value"] for a in u.get("aliases", []) if a.get("language") == "en"
                                          and a.get("type") != "formal"]
                c = u.get("centroid") or {}
                pop = (u.get("population") or {}).get("value") or 0
                by_pcode[pc] = {
                    "ar": [strip_admin_prefix(clean(x)) for x in ar if x],
                    "en": [clean(x) for x in en if x and not re.search(r"[^\x00-\x7f]", x)],
                    "centroid": (c.get("latitude"), c.get("longitude")) if c else None,
                    "pop": int(pop),
                }
    return by_pcode


def read_csv(path):
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def read_extra():
    rows = []
    with open(EXTRA, encoding="utf-8") as f:
        lines = [l for l in f if l.strip() and not l.startswith("#")]
    header = lines[0].rstrip("\n").split("\t")
    for l in lines[1:]:
        vals = l.rstrip("\n").split("\t")
        rows.append(dict(zip(header, vals + [""] * (len(header) - len(vals)))))
    return rows


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SRC
    out_path = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUT
    ocha = os.path.join(src, "ocha-syria-2016")
    sy_admin = SyriaAdmin(ocha)
    opensyria = read_opensyria(src)

    entries = {}
    admin_en = {}  # admin code -> English name
    members = {}   # admin code -> member points (for centroids)

    # OCHA admin units, with Open Syria aliases and centroids.
    for level, fname, kind in ((1, "syr_admin1_attributes.csv", "governorate"),
                               (2, "syr_admin2_attributes.csv", "district"),
                               (3, "syr_admin3_attributes.csv", "subdistrict")):
        for r in read_csv(os.path.join(ocha, fname)):
            pc = r["PCODE"]
            os_ = opensyria.get(pc, {"ar": [], "en": [], "centroid": None, "pop": 0})
            ar = [strip_admin_prefix(clean(r["NAME_AR"]))] + os_["ar"]
            if r.get("NAM_AR_REF"):
                ar.append(strip_admin_prefix(clean(r["NAM_AR_REF"])))
            en = [clean(r["NAME_EN"]), clean(r.get("NAM_EN_REF", ""))] + os_["en"]
            lat, lon = os_["centroid"] if os_["centroid"] else (None, None)
            e = Entry("ocha:" + pc, kind, lat, lon, ar[0], en[0], ar, en, "SY", os_["pop"])
            if level == 1:
                e.admin = (pc, "", "")
            elif level == 2:
                e.admin = (r["ADM1_PCODE"], pc, "")
            else:
                e.admin = (r["ADM1_PCODE"], r["ADM2_PCODE"], pc)
            entries[e.id] = e
            admin_en[pc] = en[0]

    # Who's On First. Syrian regions and counties fold into the OCHA unit they sit in.
    for country, fname in (("SY", "wof_sy_flat.tsv"), ("IQ", "wof_iq_flat.tsv")):
        wof = read_wof(os.path.join(src, fname), country)
        for e, r in wof:
            if country == "SY" and e.kind != "country":
                hit = sy_admin.locate(e.lat, e.lon)
                if e.kind in ("governorate", "district") and hit:
                    target = entries["ocha:" + (hit[0] if e.kind == "governorate" else hit[1])]
                    if fold(e.ar_names[0])[:3] == fold(target.ar_names[0])[:3] or e.kind == "governorate":
                        target.absorb(e)
                        continue
                if hit:
                    e.admin = hit
                elif e.kind not in ("governorate",):
                    e.admin = ("", "", "")
            elif country == "IQ":
                if e.kind == "governorate":
                    e.admin = ("wof:" + r["wof_id"], "", "")
                    admin_en["wof:" + r["wof_id"]] = e.en
                elif e.kind == "district":
                    e.admin = ("wof:" + r["region_id"] if r["region_id"] else "", "wof:" + r["wof_id"], "")
                    admin_en["wof:" + r["wof_id"]] = e.en
                else:
                    e.admin = ("wof:" + r["region_id"] if r["region_id"] else "",
                               "wof:" + r["county_id"] if r["county_id"] else "", "")
            entries[e.id] = e

    # OCHA city neighbourhoods.
    for r in read_csv(os.path.join(ocha, "city_neighbourhoods_attributes.csv")):
        try:
            lat, lon = float(r["LATITUDE"]), float(r["LONGITUDE"])
        except ValueError:
            continue
        ar = [clean(r["NAME_AR"]), clean(r["NAM_AR_REF"])]
        ar = [strip_admin_prefix(a[4:] if a.startswith("حي ") else a) for a in ar if a]
        e = Entry("ocha:" + r["PCODE"], "neighbourhood", lat, lon, ar[0], clean(r["NAME_EN"]), ar,
                  [clean(r["NAME_EN"]), clean(r["NAM_EN_REF"])], "SY")
        e.admin = (r["ADM1_PCODE"], r["ADM2_PCODE"], r["ADM3_PCODE"])
        entries[e.id] = e

    # Our supplementary places: new entries, or extra spellings of an existing one. A new entry
    # owns its names around it: a source entry within 100 km that lists one of them as a variant
    # (Who's On First gives طوز خورماتو to Taza Khurmatu, 50 km north of Tuz) loses it.
    added = []
    for r in read_extra():
        ar = split_names(r["ar"], r["ar_variants"])
        en = split_names(r["en"], r["en_variants"])
        if r.get("same_as"):
            target = entries.get(r["same_as"])
            if target is None:
                sys.exit("places_extra.tsv: same_as %s not in the gazetteer" % r["same_as"])
            target.ar_names = uniq(target.ar_names + ar)
            target.en_names = uniq(target.en_names + en)
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        e = Entry(r["id"], r["kind"], lat, lon, ar[0], en[0], ar, en, r.get("country") or "SY")
        if e.country == "SY":
            hit = sy_admin.locate(lat, lon)
            e.admin = hit or ("", "", "")
        entries[e.id] = e
        added.append(e)
    for new in added:
        names = set(new.ar_names)
        for e in entries.values():
            if e is not new and e.lat is not None and names & set(e.ar_names[1:]) \
                    and km((e.lat, e.lon), (new.lat, new.lon)) < 100:
                e.ar_names = [n for i, n in enumerate(e.ar_names) if i == 0 or n not in names]

    # Iraqi places the source left without a region take the admin of their nearest neighbour.
    grid = {}
    for e in entries.values():
        if e.country == "IQ" and e.admin[0] and e.kind in ("town", "village"):
            grid.setdefault((int(e.lat * 5), int(e.lon * 5)), []).append(e)
    for e in sorted(entries.values(), key=lambda e: e.id):
        if e.country == "IQ" and not e.admin[0] and e.kind not in ("country",):
            best, bd = None, 30.0
            gx, gy = int(e.lat * 5), int(e.lon * 5)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for o in grid.get((gx + dx, gy + dy), []):
                        d = km((e.lat, e.lon), (o.lat, o.lon))
                        if d < bd:
                            best, bd = o, d
            if best:
                e.admin = best.admin

    # Admin units without a centroid sit at the mean of their member places.
    for e in entries.values():
        if e.kind in ("town", "village", "city") and e.lat is not None:
            for code in e.admin:
                if code:
                    members.setdefault(code, []).append((e.lat, e.lon))
    for e in entries.values():
        if e.lat is None:
            code = [c for c in e.admin if c][-1]
            pts = members.get(code, [])
            if pts:
                e.lat = sum(p[0] for p in pts) / len(pts)
                e.lon = sum(p[1] for p in pts) / len(pts)
    dropped = [e.id for e in entries.values() if e.lat is None]
    for i in dropped:
        del entries[i]

    # The same place from two sources: same folded name, same kind family, within 3 km.
    point = {"town", "village", "city", "neighbourhood"}
    by_name = {}
    for e in sorted(entries.values(), key=lambda e: (-e.rank, e.id)):
        if e.kind in point:
            by_name.setdefault((e.country, fold(e.ar_names[0])), []).append(e)
    merged = 0
    for group in by_name.values():
        kept = []
        for e in group:
            twin = next((k for k in kept if km((k.lat, k.lon), (e.lat, e.lon)) < 3.0), None)
            if twin:
                twin.absorb(e)
                del entries[e.id]
                merged += 1
            else:
                kept.append(e)

    buf = io.StringIO()
    buf.write("# Marsad gazetteer, generated by crates/entities/tools/build_gazetteer.py; see data/SOURCES.md\n")
    buf.write("#id\tkind\tcountry\tlat\tlon\tpop\trank\tadmin_codes\tadmin_en\tar\ten\tar_names\ten_names\n")
    for e in sorted(entries.values(), key=lambda e: e.id):
        codes = "|".join(e.admin)
        names = "|".join(admin_en.get(c, "") for c in e.admin)
        row = [e.id, e.kind, e.country, "%.5f" % e.lat, "%.5f" % e.lon, str(e.pop), str(e.rank), codes, names,
               e.ar, e.en, "|".join(e.ar_names), "|".join(n for n in e.en_names if "\t" not in n)]
        buf.write("\t".join(x.replace("\t", " ").replace("\n", " ") for x in row) + "\n")
    raw = buf.getvalue().encode("utf-8")
    with open(out_path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as gz:
            gz.write(raw)
    print("%d entries (%d merged duplicates), %d bytes raw, %d bytes gzip -> %s"
          % (len(entries), merged, len(raw), os.path.getsize(out_path), out_path), file=sys.stderr)


if __name__ == "__main__":
    main()
