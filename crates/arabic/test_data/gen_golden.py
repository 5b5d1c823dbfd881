#!/usr/bin/env python3
"""Generates the golden test sets dates.tsv and quantities.tsv for marsad-arabic.

The expected values are computed here, in Python, independently of the Rust code, from the
conventions in CONTRACT.md and the crate's documented rules (year of a day-month without year:
the publication year unless that puts the date more than 30 days after publication; weeks run
Saturday to Friday; early/mid/late of a month = days 1-10 / 11-20 / 21-end, of a year =
Jan-Apr / May-Aug / Sep-Dec). Sentences are written for this project in the style of conflict
news. Deterministic (fixed seed): run `python3 gen_golden.py` to regenerate.
"""
import calendar
import random
from datetime import date, timedelta

rng = random.Random(4)

GREG = {1: ["يناير"], 2: ["فبراير"], 3: ["مارس"], 4: ["أبريل", "إبريل"], 5: ["مايو"], 6: ["يونيو", "يونيه"],
        7: ["يوليو", "يوليه"], 8: ["أغسطس", "اغسطس"], 9: ["سبتمبر"], 10: ["أكتوبر", "اكتوبر"], 11: ["نوفمبر"], 12: ["ديسمبر"]}
LEV = {1: "كانون الثاني", 2: "شباط", 3: "آذار", 4: "نيسان", 5: "أيار", 6: "حزيران", 7: "تموز", 8: "آب",
       9: "أيلول", 10: "تشرين الأول", 11: "تشرين الثاني", 12: "كانون الأول"}
WEEKDAY = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
ORD_UNIT = ["", "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"]
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

FRAMES = [
    "قصفت الطائرات الحربية أطراف البلدة {}، وفق ناشطين محليين.",
    "أعلنت الفصائل {} بدء هجوم واسع على مواقع التنظيم.",
    "وقعت اشتباكات عنيفة {} في محيط الحقل النفطي.",
    "وقال مصدر عسكري إن القوات انسحبت من القرية {}.",
    "{} سقطت قذائف على الحي الشرقي للمدينة.",
    "وكانت المفاوضات قد توقفت {} بحسب المصدر ذاته.",
]


def ordinal_day(d):
    if d <= 10:
        return ORD_UNIT[d]
    if d == 11:
        return "الحادي عشر"
    if d < 20:
        return ORD_UNIT[d - 10] + " عشر"
    tens = {20: "العشرين", 30: "الثلاثين"}
    if d in tens:
        return tens[d]
    u = d % 10
    unit = "الحادي" if u == 1 else ORD_UNIT[u]
    return f"{unit} و{tens[d - u]}"


def month_name(m, style):
    if style == "greg":
        return rng.choice(GREG[m])
    if style == "lev":
        return LEV[m]
    if style == "pair":
        return f"{rng.choice(GREG[m])}/ {LEV[m]}" if rng.random() < 0.5 else f"{LEV[m]}/{rng.choice(GREG[m])}"
    return f"{LEV[m]} ({rng.choice(GREG[m])})"


def rand_pub():
    return date(2015, 1, 1) + timedelta(days=rng.randrange(0, 365 * 8))


def year_for(pub, m, d, modifier=None):
    y = pub.year
    try:
        c = date(y, m, d)
    except ValueError:
        return None
    if modifier == "past" and c >= pub:
        y -= 1
    elif modifier is None and c > pub + timedelta(days=30):
        y -= 1
    try:
        return date(y, m, d)
    except ValueError:
        return None


def week_start(d):
    return d - timedelta(days=(d.weekday() + 2) % 7)


def month_span(y, m, part=None):
    last = calendar.monthrange(y, m)[1]
    return {None: (1, last), "early": (1, 10), "mid": (11, 20), "late": (21, last)}[part]


def iso(d):
    return d.isoformat() if d else "-"


dates = []


def add_date(pub, expr, start, end, prec, frame=None):
    frame = frame or rng.choice(FRAMES)
    dates.append((iso(pub) if pub else "-", frame.format(expr), iso(start), iso(end), prec))


# 1. Day, month name (all spellings and pairings), year.
for m in range(1, 13):
    for style in ["greg", "lev", "pair", "paren"]:
        y = rng.randrange(2011, 2024)
        d = rng.randrange(1, calendar.monthrange(y, m)[1] + 1)
        day = str(d) if rng.random() < 0.7 else str(d).translate(INDIC)
        add_date(rand_pub(), f"في {day} {month_name(m, style)} {y}", date(y, m, d), date(y, m, d), "day")
# 2. Day and month without a year, resolved against publication.
for _ in range(40):
    pub = rand_pub()
    m = rng.randrange(1, 13)
    d = rng.randrange(1, 29)
    style = rng.choice(["greg", "lev", "pair"])
    mod = rng.choice([None, None, "past", "current"])
    if mod == "current":
        m = pub.month
        d = rng.randrange(1, pub.day + 1)
        expr = f"في {d} {month_name(m, style)} الجاري"
        want = date(pub.year, m, d)
    elif mod == "past":
        expr = f"في {d} {month_name(m, style)} الماضي"
        want = year_for(pub, m, d, "past")
    else:
        expr = f"يوم {d} {month_name(m, style)}"
        want = year_for(pub, m, d)
    add_date(pub, expr, want, want, "day")
# 3. Ordinal days.
for _ in range(30):
    pub = rand_pub()
    m = rng.randrange(1, 13)
    d = rng.randrange(1, 32)
    y = rng.randrange(2012, 2023)
    if d > calendar.monthrange(y, m)[1]:
        d = 28
    style = rng.choice(["greg", "lev", "pair"])
    if rng.random() < 0.5:
        add_date(pub, f"في {ordinal_day(d)} من {month_name(m, style)} {y}", date(y, m, d), date(y, m, d), "day")
    else:
        want = year_for(pub, m, d, "past")
        add_date(pub, f"في {ordinal_day(d)} من {month_name(m, style)} الماضي", want, want, "day")
# 4. Numeric dates.
for _ in range(30):
    y, m = rng.randrange(2010, 2025), rng.randrange(1, 13)
    d = rng.randrange(1, calendar.monthrange(y, m)[1] + 1)
    form = rng.choice(["{y}.{m:02}.{d:02}", "{d:02}/{m:02}/{y}", "{y}-{m:02}-{d:02}", "{d}-{m}-{y}", "{d:02}.{m:02}.{y}"])
    s = form.format(y=y, m=m, d=d)
    if rng.random() < 0.25:
        s = s.translate(INDIC)
    add_date(rand_pub(), f"بتاريخ {s}", date(y, m, d), date(y, m, d), "day")
# 5. Weekdays alone and with modifiers.
for _ in range(30):
    pub = rand_pub()
    wd = rng.randrange(7)
    back = (pub.weekday() - wd) % 7
    mod = rng.choice(["", "", "الماضي", "المقبل"])
    if mod == "المقبل":
        want = pub + timedelta(days=7 - back)
    elif mod == "الماضي" and back == 0:
        want = pub - timedelta(days=7)
    else:
        want = pub - timedelta(days=back)
    pre = rng.choice(["يوم ", ""])
    add_date(pub, f"{pre}{WEEKDAY[wd]} {mod}".strip(), want, want, "day")
# 6. Weekday with a full date (checked, still resolved).
for _ in range(12):
    y, m = rng.randrange(2012, 2024), rng.randrange(1, 13)
    d = rng.randrange(1, 29)
    dd = date(y, m, d)
    add_date(rand_pub(), f"يوم {WEEKDAY[dd.weekday()]} {d} {month_name(m, 'greg')} {y}", dd, dd, "day")
# 7. Relative days.
REL_DAY = [("اليوم", 0), ("أمس", -1), ("أمس الأول", -2), ("أول أمس", -2), ("صباح اليوم", 0), ("مساء أمس", -1),
           ("الليلة الماضية", -1), ("فجر اليوم", 0), ("ظهر أمس", -1), ("البارحة", -1)]
for expr, off in REL_DAY:
    for _ in range(3):
        pub = rand_pub()
        add_date(pub, expr, pub + timedelta(days=off), pub + timedelta(days=off), "day")
# 8. N units ago.
NUM_WORDS = {3: "ثلاثة", 4: "أربعة", 5: "خمسة", 6: "ستة", 7: "سبعة", 8: "ثمانية", 9: "تسعة", 10: "عشرة"}
for _ in range(36):
    pub = rand_pub()
    kind = rng.choice(["day", "week", "month", "year"])
    n = rng.choice([1, 2, 3, 4, 5, 7, 10])
    head = rng.choice(["قبل", "منذ"])
    if kind == "day":
        word = {1: "يوم", 2: "يومين"}.get(n) or f"{rng.choice([str(n), NUM_WORDS.get(n, str(n))])} أيام"
        want = pub - timedelta(days=n)
        add_date(pub, f"{head} {word}", want, want, "day")
    elif kind == "week":
        word = {1: "أسبوع", 2: "أسبوعين"}.get(n) or f"{NUM_WORDS.get(n, str(n))} أسابيع"
        c = pub - timedelta(days=7 * n)
        add_date(pub, f"{head} {word}", c - timedelta(days=3), c + timedelta(days=3), "week")
    elif kind == "month":
        word = {1: "شهر", 2: "شهرين"}.get(n) or f"{NUM_WORDS.get(n, str(n))} أشهر"
        t = pub.year * 12 + pub.month - 1 - n
        y, m = divmod(t, 12)
        a, b = month_span(y, m + 1)
        add_date(pub, f"{head} {word}", date(y, m + 1, a), date(y, m + 1, b), "month")
    else:
        word = {1: "عام", 2: "عامين"}.get(n) or f"{NUM_WORDS.get(n, str(n))} سنوات"
        y = pub.year - n
        add_date(pub, f"{head} {word}", date(y, 1, 1), date(y, 12, 31), "year")
# 9. Relative weeks, months, years with parts.
PARTS = {"مطلع": "early", "منتصف": "mid", "أواخر": "late", "": None}
for _ in range(40):
    pub = rand_pub()
    unit = rng.choice(["week", "month", "year"])
    off, offw = rng.choice([(-1, "الماضي"), (0, "الجاري"), (-1, "الفائت"), (1, "المقبل")])
    pw = rng.choice(list(PARTS))
    part = PARTS[pw]
    if unit == "week":
        s = week_start(pub) + timedelta(days=7 * off)
        a, b = {None: (0, 6), "early": (0, 2), "mid": (2, 4), "late": (4, 6)}[part]
        add_date(pub, f"{pw} الأسبوع {offw}".strip(), s + timedelta(days=a), s + timedelta(days=b), "week")
    elif unit == "month":
        t = pub.year * 12 + pub.month - 1 + off
        y, m = divmod(t, 12)
        a, b = month_span(y, m + 1, part)
        add_date(pub, f"{pw} الشهر {offw}".strip(), date(y, m + 1, a), date(y, m + 1, b), "month")
    else:
        y = pub.year + off
        (ma, mb) = {None: (1, 12), "early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
        add_date(pub, f"{pw} العام {offw}".strip(), date(y, ma, 1), date(y, mb, calendar.monthrange(y, mb)[1]), "year")
# 10. Months with a year or a modifier, and parts of them.
for _ in range(36):
    pub = rand_pub()
    m = rng.randrange(1, 13)
    style = rng.choice(["greg", "lev", "pair"])
    pw = rng.choice(list(PARTS))
    part = PARTS[pw]
    if rng.random() < 0.5:
        y = rng.randrange(2011, 2024)
        expr = f"{pw} شهر {month_name(m, style)} {y}".strip() if pw else f"شهر {month_name(m, style)} {y}"
    else:
        y = pub.year - 1 if m >= pub.month else pub.year
        expr = f"{pw} شهر {month_name(m, style)} الماضي".strip()
    a, b = month_span(y, m, part)
    add_date(pub, expr, date(y, m, a), date(y, m, b), "month")
# 11. Years and parts of years.
for _ in range(24):
    y = rng.randrange(2005, 2024)
    pw = rng.choice(list(PARTS))
    part = PARTS[pw]
    (ma, mb) = {None: (1, 12), "early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
    marker = rng.choice(["عام", "العام", "سنة"])
    add_date(rand_pub(), f"{pw} {marker} {y}".strip(), date(y, ma, 1), date(y, mb, calendar.monthrange(y, mb)[1]), "year")
# 12. Relative expressions without a publication date stay unresolved.
for expr in ["أمس", "اليوم الخميس", "الأسبوع الماضي", "قبل يومين", "الشهر الماضي", "يوم السبت", "في 12 آذار",
             "أواخر الشهر الماضي", "منذ ثلاثة أيام", "العام الماضي"]:
    add_date(None, expr, None, None, "-")
# 13. Sentences with no date at all.
for s in ["قتل أحد عناصر الفصيل بانفجار لغم.", "وقال إن التنظيم مارس ضغوطا على الأهالي.",
          "وصل الأب إلى المخيم مع أطفاله.", "سقط ثلاثة قتلى في القصف.", "وتقدمت القوات نحو الشمال.",
          "أصيب عشرة مدنيين بجروح.", "قصفت الطائرات المدينة بصواريخ F-16 الحديثة.", "الساعة 13:11 بتوقيت دمشق."]:
    dates.append(("2018-11-20", s, "none", "none", "none"))

with open("dates.tsv", "w", encoding="utf-8") as f:
    f.write("# Generated by gen_golden.py: published<TAB>sentence<TAB>start<TAB>end<TAB>precision.\n")
    f.write("# '-' = unresolved (a date expression must still be found); 'none' = no date in the sentence.\n")
    for row in dates:
        f.write("\t".join(row) + "\n")

# ---------------------------------------------------------------- quantities
UNITS_M = {1: ["واحد"], 2: ["اثنان", "اثنين"], 3: ["ثلاثة"], 4: ["أربعة"], 5: ["خمسة"], 6: ["ستة"], 7: ["سبعة"],
           8: ["ثمانية"], 9: ["تسعة"], 10: ["عشرة"]}
UNITS_F = {1: ["واحدة"], 2: ["اثنتان", "اثنتين"], 3: ["ثلاث"], 4: ["أربع"], 5: ["خمس"], 6: ["ست"], 7: ["سبع"],
           8: ["ثماني", "ثمان"], 9: ["تسع"], 10: ["عشر"]}
TENS = {2: "عشر", 3: "ثلاث", 4: "أربع", 5: "خمس", 6: "ست", 7: "سبع", 8: "ثمان", 9: "تسع"}
HUNDREDS = {1: ["مئة", "مائة"], 2: ["مئتان", "مئتين", "مائتين"], 3: ["ثلاثمئة", "ثلاثمائة"], 4: ["أربعمئة", "أربعمائة"],
            5: ["خمسمئة", "خمسمائة"], 6: ["ستمئة", "ستمائة"], 7: ["سبعمئة"], 8: ["ثمانمئة", "ثمانمائة"], 9: ["تسعمئة"]}


def words_below_100(n, fem, acc):
    units = UNITS_F if fem else UNITS_M
    if n <= 10:
        return rng.choice(units[n])
    if n < 20:
        u = n - 10
        if u == 1:
            unit = "إحدى" if fem else "أحد"
        elif u == 2:
            unit = ("اثنتا" if not acc else "اثنتي") if fem else ("اثنا" if not acc else "اثني")
        else:
            unit = rng.choice((UNITS_F if fem else UNITS_M)[u]).removesuffix("ة") if fem else rng.choice(UNITS_M[u])
        return f"{unit} {'عشرة' if fem else 'عشر'}"
    t, u = divmod(n, 10)
    tens = TENS[t] + ("ين" if acc else "ون")
    if t == 8:
        tens = "ثمان" + ("ين" if acc else "ون")
    if u == 0:
        return tens
    return f"{rng.choice(units[u])} و{tens}"


def words(n, fem=False, acc=False):
    parts = []
    if n >= 1000:
        th, n = divmod(n, 1000)
        if th == 1:
            parts.append("ألف")
        elif th == 2:
            parts.append("ألفين" if acc else "ألفان")
        elif th <= 10:
            parts.append(f"{rng.choice(UNITS_M[th])} آلاف")
        else:
            parts.append(f"{words(th, False, acc)} ألف")
    if n >= 100:
        h, n = divmod(n, 100)
        parts.append(rng.choice(HUNDREDS[h]))
    if n:
        parts.append(words_below_100(n, fem, acc))
    return " و".join(parts)


NOUNS = [("قتيلا", "قتيل", False), ("مدنيا", "مدني", False), ("عنصرا", "عنصر", False), ("طفلا", "طفل", False),
         ("مقاتلا", "مقاتل", False), ("شخصا", "شخص", False), ("عائلة", "عائلة", True), ("امرأة", "امرأة", True),
         ("غارة", "غارة", True), ("قذيفة", "قذيفة", True)]
PLURAL = {"قتيل": "قتلى", "مدني": "مدنيين", "عنصر": "عناصر", "طفل": "أطفال", "مقاتل": "مقاتلين", "شخص": "أشخاص",
          "عائلة": "عائلات", "امرأة": "نساء", "غارة": "غارات", "قذيفة": "قذائف"}
PRE = [("أكثر من", "more_than"), ("ما يزيد عن", "more_than"), ("ما يزيد على", "more_than"), ("ما لا يقل عن", "at_least"),
       ("نحو", "about"), ("حوالي", "about"), ("قرابة", "about"), ("زهاء", "about"), ("ما يقارب", "about"), ("", "exact")]
PEOPLE_FRAMES = ["قتل {} في القصف الأخير على البلدة.", "وأفاد ناشطون بسقوط {} جراء الغارات.",
                 "وقالت المصادر إن {} قضوا في الاشتباكات.", "ووثق المرصد مقتل {} منذ بدء الهجوم."]
THING_FRAMES = ["وشنت الطائرات {} على أطراف المدينة.", "وأحصى ناشطون {} سقطت على الأحياء السكنية."]


def frame_for(lemma):
    return rng.choice(THING_FRAMES if lemma in ("غارة", "قذيفة") else PEOPLE_FRAMES)
quants = []


def expect(n, q):
    return {"more_than": (n + 1, None), "at_least": (n, None), "about": (n, n), "exact": (n, n)}[q]


def digits(n):
    r = rng.random()
    if n >= 1000 and r < 0.25:
        return f"{n:,}"
    if r < 0.45:
        return str(n).translate(INDIC)
    return str(n)


for _ in range(200):
    noun, lemma, fem = rng.choice(NOUNS)
    pre, q = rng.choice(PRE)
    n = rng.choice([rng.randrange(3, 11), rng.randrange(11, 100), rng.randrange(100, 1000), rng.randrange(1000, 10000)])
    use_words = rng.random() < 0.5
    # Counted-noun grammar: 3-10 take a genitive plural, 11-99 an accusative singular, 100+ a genitive singular.
    if 3 <= n % 100 <= 10 or (n <= 10):
        unit = PLURAL[lemma]
    elif n % 100 == 0 or n % 100 in (1, 2):
        unit = noun.removesuffix("ا") if not fem else noun
    else:
        unit = noun
    text_n = words(n, fem=fem, acc=bool(pre) and pre not in ("نحو",)) if use_words else digits(n)
    low, high = expect(n, q)
    expr = f"{pre} {text_n} {unit}".strip()
    quants.append((frame_for(lemma).format(expr), low, high, q, lemma))
# Post qualifiers.
for _ in range(20):
    noun, lemma, fem = rng.choice(NOUNS[:6])
    n = rng.randrange(3, 10)
    post, q = rng.choice([("على الأقل", "at_least"), ("تقريبا", "about"), ("على أقل تقدير", "at_least")])
    quants.append((frame_for(lemma).format(f"{words(n)} {PLURAL[lemma]} {post}"), *expect(n, q), q, lemma))
# Ranges.
for _ in range(40):
    noun, lemma, fem = rng.choice(NOUNS)
    a = rng.randrange(2, 500)
    b = a + rng.randrange(1, 500)
    form = rng.choice(["بين {} و{}", "بين {} إلى {}", "من {} إلى {}", "ما بين {} و{}", "{}-{}", "يتراوح بين {} و{}"])
    expr = form.format(a, b) if form != "{}-{}" else f"{a}-{b}"
    quants.append((frame_for(lemma).format(f"{expr} {noun}"), a, b, "range", lemma))
# Vague words.
VAGUE = [("عشرات", 10), ("العشرات من", 10), ("مئات", 100), ("المئات من", 100), ("آلاف", 1000), ("الآلاف من", 1000),
         ("عشرات الآلاف من", 10000), ("بضعة", 3), ("عدد من", 10)]
for _ in range(40):
    w, low = rng.choice(VAGUE)
    noun, lemma, fem = rng.choice(NOUNS)
    unit = PLURAL[lemma]
    if w.endswith("من") or w == "عدد من":
        unit = "ال" + unit if not unit.startswith("أ") else "ال" + unit
    elif w in ("عشرات", "مئات", "آلاف") and rng.random() < 0.5:
        unit = "ال" + unit
    quants.append((frame_for(lemma).format(f"{w} {unit}"), low, None, "vague", lemma))
# Large numbers with scale words, digits and words mixed.
for _ in range(30):
    n = rng.choice([2, 3, 5, 10, 15, 20, 40, 50, 120, 300])
    scale, sw = rng.choice([(1000, "ألف"), (1000000, "مليون")])
    if n == 2:
        txt = "ألفي" if False else ("ألفين" if scale == 1000 else "مليونين")
    elif 3 <= n <= 10:
        txt = f"{digits(n)} {'آلاف' if scale == 1000 else 'ملايين'}"
    else:
        txt = f"{digits(n)} {sw}"
    pre, q = rng.choice(PRE)
    quants.append((f"وتقدر الأمم المتحدة عدد النازحين بـ{pre} {txt} {'نازح'}".replace("  ", " "), *expect(n * scale, q), q, "نازح"))

with open("quantities.tsv", "w", encoding="utf-8") as f:
    f.write("# Generated by gen_golden.py: sentence<TAB>low<TAB>high<TAB>qualifier<TAB>unit lemma ('-' = none).\n")
    for s, low, high, q, lemma in quants:
        f.write(f"{s}\t{low if low is not None else '-'}\t{high if high is not None else '-'}\t{q}\t{lemma or '-'}\n")
print(len(dates), "dates,", len(quants), "quantities")
