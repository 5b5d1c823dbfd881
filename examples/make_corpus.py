#!/usr/bin/env python3
"""Builds Marsad's example corpus: examples/corpus/ and examples/corpus-again/.

Every article is written once, below, as a headline and its paragraphs (the article *body*). The
script wraps each body in the boilerplate of its outlet and the container of its format (plain text
in four encodings, HTML, RSS, Atom, WARC, JSONL). corpus-again/ wraps the very same bodies in other
containers, so ingesting it after corpus/ must store no new document.

All events, people and figures are fictional, set in real places, written for this project.
Standard library only; the output is byte-for-byte deterministic (fixed dates, no gzip mtime,
name-based UUIDs), so rerunning the script reproduces the committed files.

    python3 examples/make_corpus.py
"""

import base64
import gzip
import hashlib
import html
import json
import os
import shutil
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
AGAIN = os.path.join(HERE, "corpus-again")

# --------------------------------------------------------------------------------------------
# The articles. Keys: A* = air strike on al-Susa (Deir ez-Zor), 2018-12-02; B* = car bomb in Tal
# Afar (Nineveh), 2019-02-14; C* = rocket fire on the market of Ma'arrat al-Nu'man (Idlib),
# 2019-03-12; D* = car bomb in Afrin (Aleppo), 2019-01-26.
# --------------------------------------------------------------------------------------------

ARTICLES = {
    "A1": dict(
        outlet="الجزيرة", outlet_en="Al Jazeera",
        url="https://www.aljazeera.net/news/politics/2018/12/3/susa-school-strike",
        published="2018-12-03T10:25:00+03:00", date_display="3/12/2018",
        byline="عمر الحسن", byline_place="ريف دير الزور",
        headline="مقتل نحو 20 مدنيا بغارة للتحالف على مدرسة تؤوي نازحين في السوسة",
        paras=[
            "قتل نحو 20 مدنيا، بينهم أطفال ونساء، وأصيب آخرون بجروح أمس الأحد، جراء غارة جوية شنتها طائرات التحالف الدولي على مبنى مدرسة يؤوي عائلات نازحة في بلدة السوسة بريف دير الزور الشرقي، وفق ما أفادت به مصادر محلية للجزيرة.",
            "وقال أحد سكان البلدة في اتصال هاتفي إن الغارة وقعت قرابة منتصف الليل، وإن فرق الإنقاذ الأهلية ما زالت تبحث عن مفقودين تحت أنقاض الطابق الأرضي الذي انهار بالكامل.",
            "وأضاف أن معظم العائلات التي كانت تقيم في المدرسة وصلت قبل أسابيع من بلدة الباغوز ومن القرى المحيطة بهجين هربا من المعارك، ولم تجد مأوى آخر بعد امتلاء البيوت في البلدة.",
            "في المقابل، قال التحالف الدولي في بيان مقتضب إنه استهدف مواقع قيادة لتنظيم الدولة الإسلامية في المنطقة، مؤكدا أنه يتخذ كل الاحتياطات الممكنة لتجنب إيذاء المدنيين، وأنه سيراجع التقارير المتعلقة بسقوط ضحايا.",
            "وتشهد البلدات الواقعة على الضفة الشرقية لنهر الفرات، ومنها هجين والشعفة والسوسة، معارك متواصلة منذ أشهر بين قوات سوريا الديمقراطية المدعومة من التحالف وبين مقاتلي التنظيم الذين يتحصنون في آخر جيب لهم شرقي البلاد.",
            "ويقدر ناشطون أن آلاف المدنيين ما زالوا عالقين داخل الجيب، في ظل نقص حاد في الغذاء والدواء وتوقف المستشفى الميداني الوحيد في المنطقة عن العمل منذ منتصف الشهر الماضي.",
        ],
        caption_en="Smoke rises over villages in the Euphrates valley east of Deir ez-Zor during fighting between the SDF and Islamic State, December 2018. ARCHIVE PHOTO - FOR ILLUSTRATION ONLY",
        caption_ar="دخان يتصاعد فوق قرى وادي الفرات شرق دير الزور (الجزيرة-أرشيف)",
    ),
    "A2": dict(
        outlet="زمان الوصل", outlet_en="Zaman al-Wasl",
        url="https://www.zamanalwsl.net/news/article/91820",
        published=None, date_display=None, byline=None,
        headline="أكثر من 30 قتيلا بقصف للتحالف على مدرسة في \"سوسة\" شرق دير الزور",
        paras=[
            "قضى أكثر من 30 شخصا معظمهم من النساء والأطفال، أمس الأحد، بقصف جوي لطيران التحالف الدولي استهدف مدرسة تحولت إلى مركز إيواء للنازحين في بلدة \"سوسة\" الخاضعة لسيطرة تنظيم \"الدولة الإسلامية\" شرق دير الزور.",
            "وأفاد ناشط من أبناء المنطقة لـ\"زمان الوصل\" بأن الطائرات أغارت مرتين على المبنى، وأن الغارة الثانية جاءت بعد دقائق من وصول الأهالي لانتشال الجرحى، ما رفع عدد الضحايا.",
            "وأشار إلى أن العائلات المقيمة في المدرسة كانت تنتظر فتح طريق نحو بلدة \"الشعثة\" للخروج إلى مناطق سيطرة ميليشيا \"قسد\"، إلا أن المعارك الدائرة على أطراف البلدتين حالت دون ذلك.",
            "ونشرت صفحات محلية صورا لجثث ملفوفة بالأغطية في فناء المدرسة، بينما تحدث الناشط عن عائلة كاملة من ثمانية أفراد قضت تحت الركام.",
            "ويتهم أهالي ريف دير الزور الشرقي التحالف بعدم التمييز بين مقاتلي التنظيم والمدنيين العالقين، في حين يقول التحالف إن التنظيم يستخدم المباني المدنية مقرات ومخازن للسلاح.",
        ],
    ),
    "A3": dict(
        outlet="عنب بلدي", outlet_en="Enab Baladi",
        url="https://www.enabbaladi.net/archives/266410",
        published="2018-12-03", date_display="3 كانون الأول 2018", byline=None,
        headline="عشرات الضحايا المدنيين بغارات على السوسة في ريف دير الزور",
        paras=[
            "سقط عشرات الضحايا المدنيين بين قتيل وجريح جراء غارات جوية استهدفت بلدة السوسة في ريف دير الزور الشرقي، مساء الأحد 2 من كانون الأول، في واحدة من أكثر الليالي دموية منذ بدء معركة هجين.",
            "ونقلت شبكات إخبارية محلية أن الغارات، التي نسبتها إلى طيران التحالف الدولي بقيادة الولايات المتحدة، أصابت مدرسة ومنازل مجاورة لها يقطنها نازحون من قرى الباغوز والبوبدران.",
            "ولم تتمكن عنب بلدي من التحقق بشكل مستقل من أعداد القتلى، إذ تراوحت التقديرات التي نشرها ناشطون بين 15 و35 قتيلا، بسبب انقطاع الاتصالات عن المنطقة وصعوبة الوصول إليها.",
            "ويحاصر مقاتلو قوات سوريا الديمقراطية (قسد) الجيب الأخير لتنظيم الدولة منذ أيلول الماضي، وتساندهم طائرات التحالف ومدفعيته المتمركزة على الجانب العراقي من الحدود.",
            "وكانت منظمات حقوقية دعت في الأسابيع الماضية إلى فتح ممرات آمنة تسمح بخروج المدنيين من البلدات المحاصرة، محذرة من كارثة إنسانية مع دخول فصل الشتاء.",
        ],
    ),
    "A4": dict(
        outlet="المرصد السوري لحقوق الإنسان", outlet_en="Syrian Observatory for Human Rights",
        url="https://www.syriahr.com/?p=298114",
        published="Mon, 03 Dec 2018 08:14:00 +0000", byline=None,
        headline="المرصد السوري يوثق مقتل 26 مدنيا على الأقل في قصف جوي على السوسة",
        paras=[
            "وثق المرصد السوري لحقوق الإنسان مقتل ما لا يقل عن 26 مدنيا، بينهم 9 أطفال و6 مواطنات، جراء ضربات جوية نفذتها طائرات التحالف الدولي ليل الأحد - الاثنين على بلدة السوسة، ضمن الجيب الأخير لتنظيم الدولة الإسلامية شرق الفرات.",
            "ورجح المرصد ارتفاع الحصيلة لوجود جرحى بحالات خطرة ومفقودين تحت الأنقاض، مشيرا إلى أن الضربات طالت مدرسة يتخذها نازحون مأوى لهم.",
            "وبذلك يرتفع إلى أكثر من 180 عدد المدنيين الذين وثق المرصد مقتلهم في ضربات التحالف على جيب هجين منذ بدء الهجوم عليه في أيلول/سبتمبر الفائت.",
            "وتواصل قوات سوريا الديمقراطية هجومها البري على محاور هجين والسوسة، وسط اشتباكات عنيفة يستخدم فيها التنظيم السيارات المفخخة والطائرات المسيرة.",
        ],
    ),
    "B1": dict(
        outlet="سكاي نيوز عربية", outlet_en="Sky News Arabia",
        url="https://www.skynewsarabia.com/middle-east/1228841",
        published="2019-02-14T16:05:00+04:00", date_display="14 فبراير 2019 - 16:05 بتوقيت أبوظبي",
        byline="سكاي نيوز عربية - أبوظبي",
        headline="5 قتلى بانفجار سيارة مفخخة في سوق بتلعفر شمالي العراق",
        paras=[
            "قتل 5 أشخاص وأصيب 12 آخرون، الخميس، في انفجار سيارة مفخخة كانت مركونة قرب سوق شعبي وسط قضاء تلعفر غرب الموصل، حسبما أعلنت خلية الإعلام الأمني العراقية.",
            "وذكرت الخلية في بيان أن السيارة انفجرت قرابة الساعة العاشرة صباحا في وقت يشهد فيه السوق ازدحاما بالمتسوقين، مشيرة إلى أن بين الجرحى طفلين.",
            "وفرضت قوات الجيش العراقي وفصائل من الحشد الشعبي طوقا أمنيا حول موقع الانفجار، فيما نقلت سيارات الإسعاف المصابين إلى مستشفى تلعفر العام.",
            "ولم تتبن أي جهة الهجوم على الفور، غير أن مسؤولين محليين رجحوا وقوف خلايا تابعة لتنظيم داعش وراءه، إذ يواصل التنظيم شن هجمات متفرقة في محافظة نينوى رغم إعلان هزيمته عسكريا في العراق أواخر عام 2017.",
            "وكانت القوات العراقية قد استعادت السيطرة على تلعفر في صيف 2017، بعد أسابيع من استعادة مدينة الموصل.",
        ],
        caption_ar="عناصر من القوات الأمنية العراقية في محافظة نينوى - أرشيفية",
    ),
    "B2": dict(
        outlet="شبكة رووداو الإعلامية", outlet_en="Rudaw",
        url="https://www.rudaw.net/arabic/middleeast/iraq/140220199",
        published="2019-02-14T11:40:00Z", byline="رووداو - أربيل",
        headline="سبعة قتلى بتفجير سيارة مفخخة في تل عفر",
        paras=[
            "قال مسؤول محلي في قضاء تل عفر لشبكة رووداو الإعلامية، اليوم الخميس، إن سبعة أشخاص قتلوا وأصيب أكثر من 20 آخرين بتفجير سيارة مفخخة في سوق الخضار وسط القضاء.",
            "وأوضح المسؤول، الذي طلب عدم الكشف عن اسمه، أن الحصيلة مرشحة للارتفاع لأن عددا من الجرحى في حالة حرجة، وأن بعضهم نقل إلى مستشفيات الموصل.",
            "وأضاف أن السيارة كانت متوقفة بين بسطات الباعة منذ الصباح الباكر، وأن القوات الأمنية اعتقلت شخصين يشتبه بصلتهما بالتفجير.",
            "ويقع قضاء تل عفر على بعد نحو 60 كيلومترا غرب مدينة الموصل، ويسكنه خليط من التركمان السنة والشيعة، وقد تعرض لهجمات عديدة منذ طرد مسلحي داعش منه.",
        ],
    ),
    "B3": dict(
        outlet="العربي الجديد", outlet_en="Al-Araby Al-Jadeed",
        url="https://www.alaraby.co.uk/politics/2019/2/14/talafar-bombing",
        published="2019-02-14T13:30:00+00:00", date_display="14 فبراير 2019",
        byline="بغداد - سلام الجبوري",
        headline="تفجير دموي في تلعفر يعيد المخاوف من عودة خلايا \"داعش\"",
        paras=[
            "لقي ما لا يقل عن ستة مدنيين مصرعهم، وجرح آخرون، بتفجير سيارة مفخخة استهدف سوقا مكتظة في مدينة تلعفر بمحافظة نينوى شمالي العراق، صباح اليوم الخميس.",
            "وقال ضابط في قيادة عمليات نينوى لـ\"العربي الجديد\" إن التفجير نفذ بسيارة من نوع كيا محملة بنحو 50 كيلوغراما من المتفجرات، مضيفا أن الأجهزة الأمنية تحقق في كيفية عبورها نقاط التفتيش المنتشرة على مداخل المدينة.",
            "ويأتي الهجوم بعد أيام من تحذيرات أطلقها مسؤولون محليون من نشاط متزايد لخلايا تنظيم \"داعش\" في المناطق الصحراوية الممتدة بين تلعفر والحدود السورية.",
            "ويتهم سكان في المدينة الحكومة بإهمال ملف إعادة الإعمار والأمن في المناطق المستعادة من التنظيم، في حين تنتشر فيها فصائل من \"الحشد الشعبي\" إلى جانب الجيش والشرطة الاتحادية.",
        ],
    ),
    "C1": dict(
        outlet="تلفزيون سوريا", outlet_en="Syria TV",
        url="https://www.syria.tv/content/maarat-market-shelling",
        published="2019-03-12T15:40:00+02:00", date_display="2019.03.12 | 15:40 دمشق",
        byline=None,
        headline="12 قتيلا بقصف صاروخي لقوات النظام على سوق معرة النعمان",
        paras=[
            "قتل 12 مدنيا وأصيب أكثر من 30 آخرين، اليوم الثلاثاء، بقصف صاروخي لقوات النظام استهدف السوق الشعبي وسط مدينة معرة النعمان جنوبي إدلب.",
            "وقال مراسل تلفزيون سوريا إن راجمات الصواريخ المتمركزة في ريف حماة الشمالي أطلقت رشقات متتالية على المدينة في ساعات الظهيرة، حيث يكون السوق في ذروة ازدحامه.",
            "وأوضح الدفاع المدني السوري (الخوذ البيضاء) أن فرقه انتشلت الضحايا من تحت أنقاض محال تجارية، وأن بين القتلى ثلاثة أطفال وامرأة.",
            "ويأتي القصف رغم سريان اتفاق المنطقة منزوعة السلاح الذي توصلت إليه روسيا وتركيا في سوتشي في أيلول الماضي، والذي يفترض أن يوقف العمليات العسكرية في محيط إدلب.",
            "وتسيطر فصائل المعارضة وهيئة تحرير الشام على معرة النعمان، التي تعرضت خلال الأسابيع الماضية لقصف شبه يومي أدى إلى نزوح مئات العائلات نحو الحدود التركية.",
        ],
        caption_ar="عناصر من الدفاع المدني يبحثون عن ناجين بين الأنقاض في معرة النعمان (الدفاع المدني)",
    ),
    "C2": dict(
        outlet="عنب بلدي", outlet_en="Enab Baladi",
        url="https://www.enabbaladi.net/archives/285903",
        published="2019-03-12T18:20:00+03:00", date_display="12 آذار 2019",
        byline="عنب بلدي - إدلب",
        headline="تسعة قتلى مدنيين بقصف على سوق معرّة النعمان",
        paras=[
            "قتل تسعة مدنيين وأصيب آخرون جراء قصف صاروخي استهدف سوق مدينة معرّة النعمان في ريف إدلب الجنوبي، ظهر الثلاثاء 12 من آذار.",
            "وقال مدير المكتب الإعلامي في المجلس المحلي للمدينة لعنب بلدي إن القصف مصدره مواقع قوات النظام في بلدتي صوران وطيبة الإمام بريف حماة، وإن الصواريخ سقطت في الشارع الرئيسي للسوق وعلى سوق الخضار.",
            "وأضاف أن الحصيلة أولية، لأن فرق الدفاع المدني ما زالت تعمل على رفع الأنقاض، مشيرا إلى تضرر عشرات المحال التجارية وعدد من السيارات.",
            "ولم يصدر عن النظام أي تعليق على القصف، بينما تقول وسائل إعلام رسمية إن قواته ترد على مصادر إطلاق قذائف من المنطقة منزوعة السلاح.",
            "وتشهد مدن وبلدات ريف إدلب الجنوبي وريف حماة الشمالي تصعيدا منذ مطلع شباط الماضي، أدى إلى مقتل عشرات المدنيين وفق إحصائيات منظمات محلية.",
        ],
        caption_ar="آثار القصف على سوق معرّة النعمان في ريف إدلب - 12 من آذار 2019 (عنب بلدي)",
    ),
    "C3": dict(
        outlet="الأيام السورية", outlet_en="Al-Ayyam Syria",
        url="https://ayyamsyria.net/archives/312977",
        published=None, byline="رامي العبد",
        headline="مجزرة في سوق المعرة.. أكثر من 10 ضحايا بصواريخ النظام",
        paras=[
            "سقط أكثر من 10 مدنيين قتلى، وعشرات الجرحى، يوم الثلاثاء، بقصف صاروخي نفذته قوات الأسد على السوق الرئيسي في مدينة معرة النعمان بريف إدلب، بحسب ما أفاد ناشطون محليون لـ\"الأيام\".",
            "وقال الناشط الإعلامي أحمد الإدلبي إن الصواريخ سقطت بشكل متزامن على عدة نقاط داخل السوق، ما تسبب باندلاع حرائق في محال بيع المحروقات وصعّب عمل فرق الإسعاف.",
            "وأشار الإدلبي إلى أن المستشفى الوطني في المدينة استقبل أعدادا كبيرة من المصابين، وأن حالات عدة نقلت إلى مشاف في مدينة إدلب وبلدات الحدود.",
            "من جهتها، حملت هيئة تحرير الشام، التي تسيطر على أجزاء واسعة من المحافظة، روسيا مسؤولية التصعيد، وتوعدت بالرد على مواقع قوات النظام في ريف حماة.",
            "ويعيش في محافظة إدلب ومحيطها نحو ثلاثة ملايين شخص، نصفهم تقريبا من النازحين الذين هجروا من مناطق أخرى في سوريا خلال سنوات الحرب.",
        ],
    ),
    "C4": dict(
        outlet="المرصد السوري لحقوق الإنسان", outlet_en="Syrian Observatory for Human Rights",
        url="https://www.syriahr.com/?p=318552",
        published="Tue, 12 Mar 2019 17:02:00 +0000", byline=None,
        headline="ارتفاع حصيلة قصف معرة النعمان إلى 13 مدنيا بينهم 4 أطفال",
        paras=[
            "ارتفع إلى 13 عدد المدنيين الذين قتلوا جراء القصف الصاروخي الذي نفذته قوات النظام على مدينة معرة النعمان في ريف إدلب الجنوبي، اليوم الثلاثاء، بينهم 4 أطفال ومواطنتان.",
            "وأشار المرصد السوري لحقوق الإنسان إلى أن عدد القتلى مرشح للزيادة بسبب وجود أكثر من 25 جريحا بعضهم في حالات خطرة.",
            "كما رصد المرصد قصفا مدفعيا طال بلدات كفرنبل وحاس وخان شيخون، دون ورود معلومات عن خسائر بشرية.",
            "ويأتي ذلك في ظل تصعيد متواصل تشهده منطقة خفض التصعيد منذ أسابيع، وسط غياب أي تحرك من الضامنين الروسي والتركي لوقفه.",
        ],
    ),
    "D1": dict(
        outlet="شبكة رووداو الإعلامية", outlet_en="Rudaw",
        url="https://www.rudaw.net/arabic/middleeast/syria/260120193",
        published="2019-01-26T14:10:00Z", byline="رووداو - عفرين",
        headline="مقتل 8 أشخاص بانفجار سيارة مفخخة وسط عفرين",
        paras=[
            "قتل ثمانية أشخاص، بينهم ثلاثة مسلحين من فصائل المعارضة الموالية لتركيا، اليوم السبت، إثر انفجار سيارة مفخخة قرب حاجز أمني في شارع راجو وسط مدينة عفرين.",
            "وقال مصدر محلي لرووداو إن الانفجار ألحق أضرارا كبيرة بعدد من المحال التجارية والمنازل المحيطة، وإن بين القتلى مدنيين من سكان المدينة الأصليين ونازحين من الغوطة الشرقية.",
            "وتشهد عفرين منذ سيطرة الجيش التركي وفصائل الجيش الوطني السوري عليها في آذار 2018 تفجيرات متكررة، تتبادل الأطراف الاتهامات بالمسؤولية عنها.",
            "ولم تعلن أي جهة مسؤوليتها عن التفجير حتى الآن.",
        ],
    ),
    "D2": dict(
        outlet="زمان الوصل", outlet_en="Zaman al-Wasl",
        url="https://www.zamanalwsl.net/news/article/94702",
        published="2019-01-26T19:45:00+03:00", date_display="2019-01-26 19:45:00",
        byline=None,
        headline="خمسة قتلى بتفجير سيارة مفخخة قرب حاجز لـ\"الجيش الوطني\" في عفرين",
        paras=[
            "قضى خمسة أشخاص وجرح نحو 15 آخرين، السبت، بانفجار سيارة مفخخة استهدف حاجزا لـ\"الجيش الوطني\" عند مدخل شارع راجو في مدينة عفرين شمال حلب.",
            "وقال مصدر في الشرطة العسكرية لـ\"زمان الوصل\" إن بين القتلى عنصرين من الحاجز، وإن السيارة انفجرت أثناء خضوعها للتفتيش.",
            "واتهم المصدر \"وحدات حماية الشعب\" الكردية بالوقوف وراء التفجير، مؤكدا أن الأجهزة الأمنية ضبطت خلال الشهر الجاري عبوات ناسفة معدة للتفجير في أحياء المدينة.",
            "ونفت الوحدات في مرات سابقة صلتها بالتفجيرات التي تشهدها عفرين، محملة الفصائل المسيطرة مسؤولية الفلتان الأمني.",
        ],
    ),
    "D3": dict(
        outlet="الجزيرة", outlet_en="Al Jazeera",
        url="https://www.aljazeera.net/news/politics/2019/1/27/afrin-car-bomb",
        published="2019-01-27T09:05:00+03:00", date_display="27/1/2019",
        byline="خالد العمر", byline_place="ريف حلب",
        headline="تفجير يهز عفرين ويوقع قتلى وجرحى",
        paras=[
            "قتل ما لا يقل عن أربعة أشخاص وأصيب آخرون بجروح، أمس السبت، في تفجير سيارة مفخخة بمدينة عفرين شمالي سوريا، وفق ما أفادت مصادر محلية للجزيرة.",
            "وأوضحت المصادر أن السيارة انفجرت قرب حاجز تابع للجيش الوطني السوري المدعوم من تركيا، في منطقة مزدحمة بالمارة والباعة.",
            "وتحدثت المصادر عن صعوبة في التعرف على بعض الجثث بسبب شدة الانفجار، مرجحة ارتفاع عدد القتلى خلال الساعات المقبلة.",
            "وسيطر الجيش التركي وفصائل سورية حليفة له على منطقة عفرين بعد عملية عسكرية أطلق عليها اسم \"غصن الزيتون\" انتهت في مارس/آذار 2018، وأدت إلى نزوح عشرات الآلاف من سكانها.",
        ],
        caption_en="A street in the centre of Afrin, northern Syria. FILE PHOTO",
        caption_ar="شارع في وسط مدينة عفرين شمالي سوريا (الجزيرة-أرشيف)",
    ),
    "D4": dict(
        outlet="سكاي نيوز عربية", outlet_en="Sky News Arabia",
        url="https://www.skynewsarabia.com/middle-east/1221907",
        published="2019-01-26T15:30:00+04:00", byline=None,
        headline="حصيلة أولية: ستة قتلى بانفجار في عفرين السورية",
        paras=[
            "أسفر انفجار سيارة مفخخة في مدينة عفرين شمال غربي سوريا، السبت، عن مقتل ستة أشخاص في حصيلة أولية، حسبما ذكرت وسائل إعلام تركية نقلا عن مصادر أمنية.",
            "وأضافت المصادر أن الانفجار وقع في شارع تجاري وسط المدينة، وأن فرق الإسعاف نقلت الجرحى إلى مستشفى عفرين العسكري.",
            "ووجهت السلطات التركية أصابع الاتهام إلى وحدات حماية الشعب الكردية، التي تعتبرها أنقرة منظمة إرهابية، بينما لم يصدر تعليق عن الوحدات.",
        ],
    ),
}


def body(key):
    """The article as ingest should keep it: headline, then paragraphs, one per line pair."""
    a = ARTICLES[key]
    return "\n\n".join([a["headline"]] + a["paras"])


# --------------------------------------------------------------------------------------------
# Site furniture: the boilerplate each outlet wraps its articles in. Written for this corpus.
# --------------------------------------------------------------------------------------------

SITES = {
    "الجزيرة": dict(
        nav=["الرئيسية", "أخبار", "سياسة", "اقتصاد", "رياضة", "تقارير وحوارات", "برامج", "الجزيرة مباشر"],
        related_title="اقرأ أيضا",
        related=["قوات سوريا الديمقراطية تعلن السيطرة على أحياء في هجين", "الأمم المتحدة تحذر من أوضاع العالقين شرق الفرات", "تركيا تلوح بعملية عسكرية شرق الفرات"],
        after=["المصدر : الجزيرة", "حول هذه القصة", "ناشطون: انقطاع الخبز في جيب هجين", "المزيد من سياسة", "الأكثر قراءة"],
        footer="جميع الحقوق محفوظة © 2019 شبكة الجزيرة الإعلامية",
        font="+A حجم الخط -A",
    ),
    "سكاي نيوز عربية": dict(
        nav=["الرئيسية", "الشرق الأوسط", "العالم", "اقتصاد", "رياضة", "فيديو", "البث المباشر"],
        related_title="اقرأ أيضاً",
        related=["العراق.. اعتقال خلية لداعش في الموصل", "الحشد الشعبي يعلن إحباط هجوم قرب الحدود السورية", "ضبط مخبأ للأسلحة في صحراء نينوى"],
        after=["أخبار ذات صلة", "الأكثر مشاهدة"],
        footer="© 2019 سكاي نيوز عربية. جميع الحقوق محفوظة",
        font="حجم الخط",
    ),
    "عنب بلدي": dict(
        nav=["الرئيسية", "أخبار سوريا", "اقتصاد", "مجتمع", "رأي", "تحقيقات", "ملفات"],
        related_title="مقالات متعلقة",
        related=["الدفاع المدني يحصي ضحايا القصف على ريف إدلب خلال شباط", "نزوح عائلات من ريف حماة الشمالي نحو المخيمات", "قصف على خان شيخون يخرج مركزا صحيا عن الخدمة"],
        after=["قد يعجبك أيضًا", "تعليقات"],
        footer="جميع الحقوق محفوظة لعنب بلدي © 2019",
        font="+A حجم الخط -A",
    ),
    "زمان الوصل": dict(
        nav=["الرئيسية", "أخبار", "تقارير", "مقالات", "عين على الوطن", "منوعات"],
        related_title="أخبار ذات صلة",
        related=["انفجار عبوة ناسفة في مدينة الباب", "الشرطة العسكرية تعتقل مطلوبين في جنديرس", "حرائق في حقول الزيتون بريف عفرين"],
        after=["زمان الوصل", "تعليقات حول الموضوع", "لإضافة تعليق يرجى ملء الحقول أدناه", "الاسم", "البريد الإلكتروني", "إرسال"],
        footer="زمان الوصل - جميع الحقوق محفوظة 2019",
        font="تكبير الخط تصغير الخط",
    ),
    "العربي الجديد": dict(
        nav=["الرئيسية", "سياسة", "اقتصاد", "مجتمع", "ثقافة", "رياضة", "منوعات"],
        related_title="اقرأ أيضاً",
        related=["مقتل عنصرين من الشرطة بهجوم غرب كركوك", "عمليات نينوى تعلن تطهير قرى في بادية البعاج"],
        after=["المساهمون", "دلالات"],
        footer="© العربي الجديد 2019",
        font="+ الخط -",
    ),
}


def esc(s):
    return html.escape(s, quote=False)


def html_page(key, charset="utf-8", layout="article"):
    """A full news page: head metadata, navigation, share and font widgets, caption, body,
    related links, comments and footer. `layout` varies the markup around the body so that
    readers cannot lean on one site's structure."""
    a = ARTICLES[key]
    site = SITES[a["outlet"]]
    byline = a.get("byline")
    if byline and a.get("byline_place"):
        byline = f"{byline}-{a['byline_place']}"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a["headline"],
        "mainEntityOfPage": a["url"],
        "publisher": {"@type": "Organization", "name": a["outlet"]},
        "inLanguage": "ar",
    }
    if a.get("published"):
        ld["datePublished"] = a["published"]
    if a.get("byline"):
        ld["author"] = {"@type": "Person", "name": a["byline"]}
    head = [
        "<!DOCTYPE html>",
        '<html lang="ar" dir="rtl">',
        "<head>",
        f'<meta charset="{charset}">',
        f"<title>{esc(a['headline'])} | {esc(a['outlet'])}</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<link rel="canonical" href="{a["url"]}">',
        f'<meta property="og:site_name" content="{esc(a["outlet"])}">',
        f'<meta property="og:title" content="{esc(a["headline"])}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{a["url"]}">',
    ]
    if a.get("published"):
        head.append(f'<meta property="article:published_time" content="{a["published"]}">')
    head += [
        '<link rel="stylesheet" href="/static/css/main.css">',
        '<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False) + "</script>",
        "<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>",
        "</head>",
    ]
    nav = "\n".join(f'<li><a href="/{i}">{esc(n)}</a></li>' for i, n in enumerate(site["nav"]))
    top = [
        '<body class="single-post">',
        '<header class="site-header">',
        f'<a class="logo" href="/">{esc(a["outlet"])}</a>',
        '<nav class="main-menu"><ul>', nav, "</ul></nav>",
        '<form class="search" action="/search"><input name="q" placeholder="ابحث"><button>بحث</button></form>',
        "</header>",
    ]
    meta = []
    if byline:
        meta.append(f'<span class="author">{esc(byline)}</span>')
    if a.get("date_display"):
        meta.append(f'<time datetime="{a.get("published") or ""}">{esc(a["date_display"])}</time>')
    share = ('<div class="share"><span>شارك</span> <a href="#fb">فيسبوك</a> <a href="#tw">تويتر</a> '
             '<a href="#wa">واتساب</a> <a href="#tg">تيليغرام</a> <a href="#copy">نسخ الرابط</a></div>')
    font = f'<div class="font-size">{esc(site["font"])}</div>'
    fig = []
    if a.get("caption_en") or a.get("caption_ar"):
        fig.append('<figure class="lead-image"><img src="/images/lead.jpg" alt="">')
        if a.get("caption_en"):
            fig.append(f'<p class="photo-credit">{esc(a["caption_en"])}</p>')
        if a.get("caption_ar"):
            fig.append(f"<figcaption>{esc(a['caption_ar'])}</figcaption>")
        fig.append("</figure>")
    paras = [f"<p>{esc(p)}</p>" for p in a["paras"]]
    related = (f'<aside class="related"><h2>{esc(site["related_title"])}</h2><ul>'
               + "".join(f'<li><a href="/r/{i}">{esc(t)}</a></li>' for i, t in enumerate(site["related"]))
               + "</ul></aside>")
    after = [f'<div class="after-article">{esc(t)}</div>' for t in site["after"]]
    comments = ('<section id="comments"><h3>التعليقات</h3><p class="no-comments">لا توجد تعليقات بعد، كن أول من يعلق</p>'
                '<form class="comment-form"><label>الاسم</label><input name="name"><label>التعليق</label>'
                '<textarea name="c"></textarea><button>أرسل التعليق</button></form></section>')
    footer = (f'<footer class="site-footer"><ul><li><a href="/about">من نحن</a></li><li><a href="/contact">اتصل بنا</a></li>'
              f'<li><a href="/privacy">سياسة الخصوصية</a></li></ul><p>{esc(site["footer"])}</p></footer>')
    if layout == "article":
        main = (['<main><div class="breadcrumb"><a href="/">الرئيسية</a> / <a href="/news">أخبار</a></div>', "<article>",
                 f"<h1>{esc(a['headline'])}</h1>", '<div class="article-meta">' + " ".join(meta) + "</div>", font, share]
                + fig + ['<div class="article-body">'] + paras + ["</div>"] + after + ["</article>", related, comments, "</main>"])
    else:  # nested divs with a sidebar, no <article> element
        main = (['<div id="wrapper"><div class="row"><div class="col-md-8"><div class="post">',
                 f'<div class="post-title"><h1>{esc(a["headline"])}</h1></div>',
                 '<div class="post-info">' + " | ".join(meta) + "</div>", share, font]
                + fig + ['<div class="post-content"><div class="entry">'] + paras + ["</div></div>"] + after
                + ["</div>", comments, "</div>", '<div class="col-md-4 sidebar">', related,
                   '<div class="widget"><h4>الأكثر قراءة</h4><ol><li><a href="/m/1">جولة جديدة من محادثات أستانا الشهر المقبل</a></li>'
                   '<li><a href="/m/2">ارتفاع أسعار المحروقات في الشمال السوري</a></li></ol></div>',
                   '<div class="widget newsletter">اشترك في النشرة البريدية</div>', "</div></div></div>"])
    tail = [footer, '<script src="/static/js/app.js"></script>', "</body>", "</html>", ""]
    return "\n".join(head + top + main + tail)


# --------------------------------------------------------------------------------------------
# Plain-text layouts, each imitating how a copy-paste or a text scraper keeps an outlet's page.
# --------------------------------------------------------------------------------------------

def txt_A2():
    a = ARTICLES["A2"]
    lines = [a["headline"], ""] + sum(([p] for p in a["paras"]), [])
    return "\n".join(lines + ["زمان الوصل", "تعليقات حول الموضوع", "لإضافة تعليق يرجى ملء الحقول أدناه", ""])


def txt_A3():
    a = ARTICLES["A3"]
    lines = ["عنب بلدي", "الرئيسية / أخبار سوريا / دير الزور", "", a["headline"], "",
             "عنب بلدي - دير الزور", a["date_display"], "+A حجم الخط -A", "شارك: فيسبوك تويتر واتساب", ""]
    for p in a["paras"]:
        lines += [p, ""]
    lines += ["مقالات متعلقة"] + SITES["عنب بلدي"]["related"] + ["", "جميع الحقوق محفوظة لعنب بلدي", ""]
    return "\n".join(lines)


def txt_C1(live=True):
    a = ARTICLES["C1"]
    lines = []
    if live:
        lines += ["icon", "التغطية الحية", ""]
    lines += [a["headline"], "", a["date_display"], "", a["caption_ar"], "تلفزيون سوريا - خاص",
              "+A", "حجم الخط", "-A", ""]
    for p in a["paras"]:
        lines += [p, ""]
    lines += ["تابعونا على تيليغرام", "مواضيع ذات صلة", ""]
    return "\n".join(lines)


def txt_C3():
    a = ARTICLES["C3"]
    lines = [a["headline"], "", f"الأيام السورية؛ {a['byline']}", ""]
    for p in a["paras"]:
        lines += [p, ""]
    lines += ["خاص - الأيام السورية", "قد يعجبك ايضا", "حصيلة جديدة لضحايا القصف على ريف حماة", "اترك تعليقا", "جاري التحميل", ""]
    return "\n".join(lines)


def html_paras(key, extra_before=(), extra_after=()):
    """An article's body as HTML paragraphs, for feeds and JSONL `html` fields."""
    a = ARTICLES[key]
    parts = [f"<p>{esc(t)}</p>" for t in extra_before] + [f"<p>{esc(p)}</p>" for p in a["paras"]]
    return "\n".join(parts + [f"<p>{esc(t)}</p>" for t in extra_after])


# --------------------------------------------------------------------------------------------
# Feeds
# --------------------------------------------------------------------------------------------

def rss(keys, channel_title, channel_link, channel_desc, style):
    """RSS 2.0. style[key] = 'content' puts the body in content:encoded (CDATA) with a short
    description; 'description' puts the whole body, as escaped HTML, in <description>."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
           "<channel>", f"<title>{esc(channel_title)}</title>", f"<link>{channel_link}</link>",
           f'<atom:link href="{channel_link}feed/" rel="self" type="application/rss+xml"/>',
           f"<description>{esc(channel_desc)}</description>", "<language>ar</language>",
           "<generator>https://wordpress.org/?v=4.9.8</generator>"]
    for k in keys:
        a = ARTICLES[k]
        footer = f"ظهرت المقالة {a['headline']} أولاً على {channel_title}."
        out += ["<item>", f"<title>{esc(a['headline'])}</title>", f"<link>{a['url']}</link>",
                f'<guid isPermaLink="false">{a["url"]}</guid>', f"<pubDate>{a['published']}</pubDate>",
                f"<dc:creator><![CDATA[{a.get('byline') or channel_title}]]></dc:creator>",
                "<category><![CDATA[أخبار]]></category>"]
        if style[k] == "content":
            out.append(f"<description><![CDATA[{a['paras'][0][:90]} [&#8230;]]]></description>")
            out.append("<content:encoded><![CDATA[" + html_paras(k, extra_after=[footer]) + "]]></content:encoded>")
        else:
            out.append(f"<description>{esc(html_paras(k, extra_after=[footer]))}</description>")
        out.append("</item>")
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out)


def atom(keys, feed_title, feed_link, updated):
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">',
           f"<title>{esc(feed_title)}</title>", f"<id>{feed_link}</id>",
           f'<link rel="alternate" href="{feed_link}"/>', f'<link rel="self" href="{feed_link}atom"/>',
           f"<updated>{updated}</updated>"]
    for k in keys:
        a = ARTICLES[k]
        content = html_paras(k, extra_after=["تابعوا آخر الأخبار على موقع رووداو وتطبيقه"])
        out += ["<entry>", f"<title>{esc(a['headline'])}</title>", f"<id>{a['url']}</id>",
                f'<link rel="alternate" type="text/html" href="{a["url"]}"/>',
                f"<published>{a['published']}</published>", f"<updated>{a['published']}</updated>",
                f"<author><name>{esc(a.get('byline') or feed_title)}</name></author>",
                f"<summary>{esc(a['paras'][0])}</summary>",
                f'<content type="html">{esc(content)}</content>', "</entry>"]
    out += ["</feed>", ""]
    return "\n".join(out)


def rss_from_atom_keys(keys):
    """The Rudaw entries again, as RSS 2.0 (for corpus-again)."""
    return rss(keys, "شبكة رووداو الإعلامية", "https://www.rudaw.net/arabic/", "أخبار كردستان والعراق وسوريا",
               {k: "description" for k in keys})


# --------------------------------------------------------------------------------------------
# WARC/1.0, written by hand: one gzip member per record, as web archives are stored.
# --------------------------------------------------------------------------------------------

def warc_record(wtype, headers, block):
    rid = uuid.uuid5(uuid.NAMESPACE_URL, "marsad-example:" + wtype + ":" + headers.get("WARC-Target-URI", "info"))
    digest = "sha1:" + base64.b32encode(hashlib.sha1(block).digest()).decode()
    lines = ["WARC/1.0", f"WARC-Type: {wtype}", f"WARC-Record-ID: <urn:uuid:{rid}>"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    lines += [f"WARC-Block-Digest: {digest}", f"Content-Length: {len(block)}"]
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + block + b"\r\n\r\n"
    return gzip.compress(raw, compresslevel=9, mtime=0)


def http_response(body_bytes, charset, date):
    head = ("HTTP/1.1 200 OK\r\n"
            f"Date: {date}\r\n"
            "Server: nginx\r\n"
            f"Content-Type: text/html; charset={charset}\r\n"
            f"Content-Length: {len(body_bytes)}\r\n"
            "Connection: close\r\n\r\n")
    return head.encode("ascii") + body_bytes


def warc_file():
    info = ("software: marsad examples/make_corpus.py\r\nformat: WARC File Format 1.0\r\n"
            "description: Example crawl for Marsad (fictional pages)\r\n").encode("utf-8")
    d3 = ARTICLES["D3"]
    d2 = ARTICLES["D2"]
    request = (f"GET /news/politics/2019/1/27/afrin-car-bomb HTTP/1.1\r\nHost: www.aljazeera.net\r\n"
               "User-Agent: Mozilla/5.0 (compatible; MarsadExample/0.1)\r\nAccept: text/html\r\n\r\n").encode("ascii")
    page3 = html_page("D3", "utf-8", "article").encode("utf-8")
    page2 = html_page("D2", "windows-1256", "divs").encode("cp1256")
    return b"".join([
        warc_record("warcinfo", {"WARC-Date": "2019-01-27T09:30:00Z", "WARC-Filename": "afrin-crawl.warc.gz",
                                 "Content-Type": "application/warc-fields"}, info),
        warc_record("request", {"WARC-Date": "2019-01-27T09:30:01Z", "WARC-Target-URI": d3["url"],
                                "Content-Type": "application/http; msgtype=request"}, request),
        warc_record("response", {"WARC-Date": "2019-01-27T09:30:02Z", "WARC-Target-URI": d3["url"],
                                 "Content-Type": "application/http; msgtype=response"},
                    http_response(page3, "utf-8", "Sun, 27 Jan 2019 09:30:02 GMT")),
        warc_record("response", {"WARC-Date": "2019-01-27T09:30:05Z", "WARC-Target-URI": d2["url"],
                                 "Content-Type": "application/http; msgtype=response"},
                    http_response(page2, "windows-1256", "Sun, 27 Jan 2019 09:30:05 GMT")),
    ])


# --------------------------------------------------------------------------------------------
# JSONL
# --------------------------------------------------------------------------------------------

def jsonl_line(key, field):
    a = ARTICLES[key]
    obj = {"url": a["url"], "title": a["headline"], "published": a.get("published"), "outlet": a["outlet"]}
    if a.get("byline"):
        obj["author"] = a["byline"]
    if field == "html":
        # A scraper that kept the article block, widget and repeated headline included.
        site = SITES[a["outlet"]]
        obj["html"] = (f'<div class="article"><h1>{esc(a["headline"])}</h1><h2 class="repeat">{esc(a["headline"])}</h2>'
                       f'<div class="byline">{esc(a.get("byline") or "")}</div>'
                       f'<div class="date">{esc(a.get("date_display") or "")}</div>'
                       f'<div class="font">{esc(site["font"])}</div>' + html_paras(key) + "</div>")
    else:
        # The headline travels in `title`, as it does in feeds; `text` is the paragraphs.
        obj["text"] = "\n\n".join(a["paras"])
    return json.dumps(obj, ensure_ascii=False)


# --------------------------------------------------------------------------------------------

def write(folder, name, data):
    path = os.path.join(folder, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def build_corpus():
    w = lambda n, d: write(CORPUS, n, d)
    w("aljazeera-susa-strike.html", html_page("A1", "utf-8", "article"))
    w("zamanalwasl-susa.txt", txt_A2())
    w("enabbaladi-susa.cp1256.txt", txt_A3().encode("cp1256"))
    w("skynews-talafar.html", html_page("B1", "utf-8", "divs"))
    w("syriatv-maarrat.utf16.txt", b"\xff\xfe" + txt_C1().encode("utf-16-le"))
    w("enabbaladi-maarrat.html", html_page("C2", "windows-1256", "divs").encode("cp1256"))
    w("ayyam-maarrat.iso8859-6.txt", txt_C3().encode("iso8859_6"))
    w("syriahr-feed.rss", rss(["A4", "C4"], "المرصد السوري لحقوق الإنسان", "https://www.syriahr.com/",
                              "المرصد السوري لحقوق الإنسان", {"A4": "content", "C4": "description"}))
    w("rudaw-feed.atom", atom(["B2", "D1"], "شبكة رووداو الإعلامية", "https://www.rudaw.net/arabic/",
                              "2019-02-14T11:40:00Z"))
    w("afrin-crawl.warc.gz", warc_file())
    w("scraped.jsonl", "\n".join([jsonl_line("B3", "html"), jsonl_line("D4", "text")]) + "\n")


def build_again():
    w = lambda n, d: write(AGAIN, n, d)
    # A2 was a text file: here it is the outlet's web page.
    w("zamanalwasl-susa.html", html_page("A2", "utf-8", "divs"))
    # C1 was UTF-16 with the live-coverage header: here UTF-8 without it.
    w("syriatv-maarrat.txt", txt_C1(live=False))
    # The Atom entries as RSS.
    w("rudaw-feed.rss", rss_from_atom_keys(["B2", "D1"]))
    # Everything else as one JSONL of clean text.
    rest = ["A1", "A3", "A4", "B1", "B3", "C2", "C3", "C4", "D2", "D3", "D4"]
    w("reprint.jsonl", "\n".join(jsonl_line(k, "text") for k in rest) + "\n")


# Where each article lands in corpus/, as the export's `source` names it (`file#N` inside
# containers; WARC records are counted over all records, warcinfo and request included).
SOURCES = {
    "A1": "aljazeera-susa-strike.html", "A2": "zamanalwasl-susa.txt", "A3": "enabbaladi-susa.cp1256.txt",
    "A4": "syriahr-feed.rss#1", "B1": "skynews-talafar.html", "B2": "rudaw-feed.atom#1", "B3": "scraped.jsonl#1",
    "C1": "syriatv-maarrat.utf16.txt", "C2": "enabbaladi-maarrat.html", "C3": "ayyam-maarrat.iso8859-6.txt",
    "C4": "syriahr-feed.rss#2", "D1": "rudaw-feed.atom#2", "D2": "afrin-crawl.warc.gz#4", "D3": "afrin-crawl.warc.gz#3",
    "D4": "scraped.jsonl#2",
}


def build_expected():
    """examples/corpus-expected.jsonl: per document, the outlet, byline, headline and the clean
    body (headline + paragraphs) a reader should produce. Kept outside corpus/ so that ingesting
    the folder does not ingest the answers."""
    lines = []
    for key, src in SOURCES.items():
        a = ARTICLES[key]
        lines.append(json.dumps({"key": key, "event": key[0], "source": src, "url": a["url"], "outlet": a["outlet"],
                                 "outlet_en": a["outlet_en"], "byline": a.get("byline"), "headline": a["headline"],
                                 "published": a.get("published"), "body": body(key)}, ensure_ascii=False))
    write(HERE, "corpus-expected.jsonl", "\n".join(lines) + "\n")


def main():
    for d in (CORPUS, AGAIN):
        os.makedirs(d, exist_ok=True)
        for name in os.listdir(d):
            if name != "README.md":
                p = os.path.join(d, name)
                shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    build_corpus()
    build_again()
    build_expected()


if __name__ == "__main__":
    main()
