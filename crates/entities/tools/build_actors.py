#!/usr/bin/env python3
"""Builds crates/entities/data/actors.toml, Marsad's actor registry.

Merges the hand-written core (tools/actors_core.toml) with state-institution entries derived
from the Open Event Data Alliance's Arabic actor dictionary (UniversalPetrarch, branch
`arabic`, MIT licence, (c) 2016 Open Event Data Alliance), then expands spelling variants.

The dictionary stores lemmas joined by `_` ("جيش_عراقي_", "قوة_أمن_تركي_") with CAMEO codes
("[IRQMIL]"). Only lemmas of the form <institution head> + <country nisba> are used: their
surface forms can be rebuilt reliably ("الجيش العراقي", "قوات الأمن التركية"). A lemma whose
code names another country than its nisba is one of the dictionary's wrong codes and is
dropped (counted in the report); the sector comes from the head noun, not the code, because
the dictionary often files police under MIL and back.

Usage: python3 crates/entities/tools/build_actors.py [--dict PATH] [--check]
  --dict   the dictionary (default: ../shared/data/actors/actor_dict_ar_v4.txt from the repo root)
  --check  do not write; exit 1 if actors.toml is not what the generator would write
Python standard library only.
"""

import argparse
import os
import re
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
CRATE = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(CRATE))
CORE = os.path.join(HERE, "actors_core.toml")
OUT = os.path.join(CRATE, "data", "actors.toml")
DEFAULT_DICT = os.path.join(os.path.dirname(REPO), "shared", "data", "actors", "actor_dict_ar_v4.txt")

CATEGORIES = {
    "state_forces", "rebel_group", "political_militia", "identity_militia",
    "external_forces", "civilians", "protesters", "rioters", "other",
}

# Country nisba (masculine, as the dictionary writes it) -> ISO alpha-3, English name.
NISBA = {
    "عراقي": ("IRQ", "Iraq"), "سوري": ("SYR", "Syria"), "إيراني": ("IRN", "Iran"),
    "تركي": ("TUR", "Turkey"), "روسي": ("RUS", "Russia"), "أميركي": ("USA", "the United States"),
    "أمريكي": ("USA", "the United States"), "بريطاني": ("GBR", "the United Kingdom"),
    "فرنسي": ("FRA", "France"), "إسرائيلي": ("ISR", "Israel"), "لبناني": ("LBN", "Lebanon"),
    "أردني": ("JOR", "Jordan"), "سعودي": ("SAU", "Saudi Arabia"), "مصري": ("EGY", "Egypt"),
    "فلسطيني": ("PSE", "Palestine"), "يمني": ("YEM", "Yemen"), "صومالي": ("SOM", "Somalia"),
    "باكستاني": ("PAK", "Pakistan"), "أفغاني": ("AFG", "Afghanistan"), "مغربي": ("MAR", "Morocco"),
    "سوداني": ("SDN", "Sudan"), "ألماني": ("DEU", "Germany"), "إسباني": ("ESP", "Spain"),
    "كويتي": ("KWT", "Kuwait"), "جزائري": ("DZA", "Algeria"), "صيني": ("CHN", "China"),
    "هولندي": ("NLD", "the Netherlands"), "ليبي": ("LBY", "Libya"), "إيطالي": ("ITA", "Italy"),
    "كندي": ("CAN", "Canada"), "كيني": ("KEN", "Kenya"), "هندي": ("IND", "India"),
    "قطري": ("QAT", "Qatar"), "تشيكي": ("CZE", "Czechia"), "يوناني": ("GRC", "Greece"),
    "بلجيكي": ("BEL", "Belgium"), "أسترالي": ("AUS", "Australia"), "ياباني": ("JPN", "Japan"),
    "بحريني": ("BHR", "Bahrain"), "إماراتي": ("ARE", "the United Arab Emirates"),
    "تونسي": ("TUN", "Tunisia"), "عماني": ("OMN", "Oman"), "إثيوبي": ("ETH", "Ethiopia"),
    "أوكراني": ("UKR", "Ukraine"), "أذربيجاني": ("AZE", "Azerbaijan"), "أرميني": ("ARM", "Armenia"),
    "تشادي": ("TCD", "Chad"), "نيجيري": ("NGA", "Nigeria"), "موريتاني": ("MRT", "Mauritania"),
    "إريتري": ("ERI", "Eritrea"), "جورجي": ("GEO", "Georgia"), "كوري": ("KOR", "Korea"),
}

# Institution head (lemma words before the nisba) -> sector and surface templates; {m} and {f}
# are the nisba with the article, masculine and feminine.
HEADS = {
    "جيش": ("MIL", ["الجيش {m}"]),
    "قوة": ("MIL", ["القوات {f}"]),
    "قوة_مسلح": ("MIL", ["القوات المسلحة {f}"]),
    "قوة_جوي": ("MIL", ["القوات الجوية {f}"]),
    "قوة_جيش": ("MIL", ["قوات الجيش {m}"]),
    "جندي": ("MIL", ["الجنود {m}ين"]),
    "وزارة_دفاع": ("MIL", ["وزارة الدفاع {f}"]),
    "قوة_أمن": ("COP", ["قوات الأمن {f}"]),
    "قوة_أمني": ("COP", ["القوات الأمنية {f}"]),
    "شرطة": ("COP", ["الشرطة {f}"]),
    "وزارة_داخلي": ("COP", ["وزارة الداخلية {f}"]),
    "مخابرات": ("SPY", ["المخابرات {f}"]),
    "استخبار": ("SPY", ["الاستخبارات {f}"]),
    "حكومة": ("GOV", ["الحكومة {f}"]),
    "سلطة": ("GOV", ["السلطات {f}"]),
    "وزارة_خارجية": ("GOV", ["وزارة الخارجية {f}"]),
    "رئاسة": ("GOV", ["الرئاسة {f}"]),
}

SECTOR = {
    "MIL": ("MIL", "Military Forces of {c}"),
    "COP": ("POLICE", "Police Forces of {c}"),
    "SPY": ("INTEL", "Intelligence services of {c}"),
    "GOV": ("GOV", "Government of {c}"),
}

DICT_SOURCE = "OEDA actor_dict_ar_v4.txt (MIT, (c) 2016 Open Event Data Alliance)"


def key(s):
    """The same folding as the Arabic core's matching key, enough for de-duplication."""
    out = []
    for c in s:
        o = ord(c)
        if 0x64B <= o <= 0x65F or o in (0x670, 0x640):
            continue
        out.append({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ة": "ه", "ؤ": "و"}.get(c, c))
    return " ".join("".join(out).split())


def read_dictionary(path):
    """(lemma, [codes]) pairs; an entry's codes may sit on its line or on tab-indented lines."""
    entries = []
    cur = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("\t") or line.strip().startswith("["):
                if cur is not None:
                    cur[1].extend(re.findall(r"\[([^\]\s]+)", line))
                continue
            m = re.match(r"\s*(\S+)\s*(.*)", line)
            cur = (m.group(1), re.findall(r"\[([^\]\s]+)", m.group(2)))
            entries.append(cur)
    return entries


def derive(entries):
    """Derived aliases by (ISO, sector), with counts for the report."""
    found = {}
    stats = {"lemmas": len(entries), "matched": 0, "wrong_code": 0, "sector_fixed": 0, "wrong_examples": []}
    for lemma, codes in entries:
        parts = [p for p in lemma.split("_") if p]
        if len(parts) < 2:
            continue
        nisba = parts[-1]
        if nisba.startswith("ال"):
            nisba = nisba[2:]
        head = "_".join(parts[:-1])
        if nisba not in NISBA or head not in HEADS:
            continue
        iso, _ = NISBA[nisba]
        if not any(c[:3] == iso for c in codes):
            stats["wrong_code"] += 1
            if len(stats["wrong_examples"]) < 8:
                stats["wrong_examples"].append(f"{lemma} {codes}")
            continue
        stats["matched"] += 1
        sector, templates = HEADS[head]
        if not any(c[:3] == iso and c[3:6] == sector for c in codes):
            stats["sector_fixed"] += 1
        for t in templates:
            surface = t.format(m="ال" + nisba, f="ال" + nisba + "ة")
            found.setdefault((iso, sector), [])
            if surface not in found[(iso, sector)]:
                found[(iso, sector)].append(surface)
    return found, stats


def expand_variants(aliases, variants):
    """Every alias with each variant word swapped, in first-seen order."""
    swap = {}
    for a, b in variants:
        swap.setdefault(a, set()).add(b)
        swap.setdefault(b, set()).add(a)
    out = []
    for alias in aliases:
        forms = [alias]
        for i, w in enumerate(alias.split()):
            if w in swap:
                more = []
                for f in forms:
                    ws = f.split()
                    for alt in sorted(swap[w]):
                        ws2 = ws[:i] + [alt] + ws[i + 1:]
                        more.append(" ".join(ws2))
                forms.extend(more)
        for f in forms:
            if f not in out:
                out.append(f)
    return out


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(xs):
    return "[" + ", ".join(toml_str(x) for x in xs) + "]"


def build(dict_path):
    with open(CORE, "rb") as f:
        core = tomllib.load(f)
    actors = [dict(a) for a in core["core"]["actors"]]
    variants = core.get("variants", [])
    for a in actors:
        a["origin"] = "core"
    ids = {a["id"] for a in actors}
    errors = []
    for a in actors:
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", a["id"]):
            errors.append(f"{a['id']}: id must be upper-case ASCII")
        if a["category"] not in CATEGORIES:
            errors.append(f"{a['id']}: unknown category {a['category']}")
        if a.get("parent") and a["parent"] not in ids:
            errors.append(f"{a['id']}: unknown parent {a['parent']}")

    stats = {"lemmas": 0, "matched": 0, "wrong_code": 0, "sector_fixed": 0, "wrong_examples": []}
    derived_new = 0
    derived_aliases = 0
    if os.path.exists(dict_path):
        found, stats = derive(read_dictionary(dict_path))
        by_cameo = {}
        for a in actors:
            for c in a.get("cameo", []):
                by_cameo[c] = a
        taken = {key(x) for a in actors for x in a["aliases"]}
        for (iso, sector), surfaces in sorted(found.items()):
            fresh = [s for s in surfaces if key(s) not in taken]
            if not fresh:
                continue
            target = by_cameo.get(iso + sector)
            if target is None:
                suffix, en = SECTOR[sector]
                country = next(c for n, (i, c) in NISBA.items() if i == iso)
                new_id = f"{iso}_{suffix}"
                if new_id in ids:
                    errors.append(f"derived id {new_id} collides with a core id without cameo {iso}{sector}")
                    continue
                target = {
                    "id": new_id, "ar": fresh[0], "en": en.format(c=country),
                    "category": "state_forces", "country": iso, "aliases": [],
                    "origin": "derived: " + DICT_SOURCE,
                }
                actors.append(target)
                ids.add(new_id)
                derived_new += 1
            elif "derived" not in target["origin"]:
                target["origin"] = "core + derived aliases: " + DICT_SOURCE
            for s in fresh:
                target["aliases"].append(s)
                taken.add(key(s))
                derived_aliases += 1
    else:
        print(f"note: {dict_path} not found; writing the core entries only", file=sys.stderr)

    # Context forms must not also be plain aliases, or the context rule would never apply.
    context_keys = {key(f) for c in core.get("context", []) for f in c["forms"]}
    seen = {}
    for a in actors:
        a["aliases"] = expand_variants(a["aliases"], variants)
        for x in a["aliases"]:
            k = key(x)
            if k in context_keys:
                errors.append(f"{a['id']}: alias {x} is also a context form")
            if k in seen and seen[k] != a["id"]:
                errors.append(f"alias {x} is in both {seen[k]} and {a['id']}")
            seen[k] = a["id"]
    for c in core.get("context", []):
        for x in c["candidates"] + [d["actor"] for d in c.get("defaults", [])]:
            if x not in ids:
                errors.append(f"context {c['forms'][0]}: unknown actor {x}")
    if errors:
        for e in errors:
            print("error:", e, file=sys.stderr)
        sys.exit(2)

    out = []
    out.append("# Marsad's actor registry. GENERATED by tools/build_actors.py from tools/actors_core.toml")
    out.append("# and the Open Event Data Alliance's Arabic actor dictionary (MIT licence,")
    out.append("# (c) 2016 Open Event Data Alliance); edit those, not this file. See data/SOURCES.md.")
    out.append(f"# {len(actors)} actors: {len(actors) - derived_new} hand-written, {derived_new} derived;")
    out.append(f"# {derived_aliases} aliases derived from {stats['matched']} dictionary lemmas,")
    out.append(f"# {stats['wrong_code']} lemmas dropped because their code names another country;")
    out.append(f"# {stats['sector_fixed']} lemmas whose sector code disagreed with their head noun were filed by the noun.")
    out.append("")
    out.append("[affiliation]")
    out.append("words = " + toml_list(core["affiliation"]["words"]))
    out.append("skip_categories = " + toml_list(core["affiliation"]["skip_categories"]))
    for c in core.get("context", []):
        out.append("")
        out.append("[[context]]")
        out.append("forms = " + toml_list(c["forms"]))
        out.append("candidates = " + toml_list(c["candidates"]))
        defaults = ", ".join(
            "{ actor = %s, requires_any = %s }" % (toml_str(d["actor"]), toml_list(d["requires_any"]))
            for d in c.get("defaults", [])
        )
        out.append("defaults = [" + defaults + "]")
        out.append("blocked_next = " + toml_list(c.get("blocked_next", [])))
    for a in actors:
        out.append("")
        out.append("[[actor]]")
        out.append("id = " + toml_str(a["id"]))
        out.append("ar = " + toml_str(a["ar"]))
        out.append("en = " + toml_str(a["en"]))
        out.append("category = " + toml_str(a["category"]))
        if a.get("country"):
            out.append("country = " + toml_str(a["country"]))
        if a.get("parent"):
            out.append("parent = " + toml_str(a["parent"]))
        out.append("origin = " + toml_str(a["origin"]))
        out.append("aliases = " + toml_list(a["aliases"]))
    text = "\n".join(out) + "\n"
    report = (
        f"{len(actors)} actors ({derived_new} derived), {sum(len(a['aliases']) for a in actors)} aliases; "
        f"dictionary: {stats['lemmas']} lemmas, {stats['matched']} used, {stats['wrong_code']} wrong-country codes dropped, {stats['sector_fixed']} sector codes corrected from the head noun"
    )
    return text, report, stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dict", default=DEFAULT_DICT)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    text, report, stats = build(args.dict)
    if args.check:
        current = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
        if current != text:
            print("actors.toml is out of date: run tools/build_actors.py", file=sys.stderr)
            sys.exit(1)
        print("actors.toml is up to date;", report)
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote", os.path.relpath(OUT, REPO) + ":", report)
    for e in stats["wrong_examples"]:
        print("  wrong code, dropped:", e)


if __name__ == "__main__":
    main()
