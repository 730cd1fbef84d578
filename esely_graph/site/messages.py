"""Every word the site shows, in Hungarian and English: one message catalogue.

Labels of ontology terms (flags, amount bases, classes) come from the ontology's own
``rdfs:label``/``rdfs:comment`` in both languages; this file holds the rest.
"""

from __future__ import annotations

LANGS = ("hu", "en")

UI = {
    "site": ("Esélyterv-gráf", "Equal-opportunity plan graph"),
    "home": ("Kezdőlap", "Home"), "search": ("Keresés", "Search"), "gaps": ("Hiányok", "Gaps"),
    "lists": ("Listák", "Lists"),
    "coverage": ("Lefedettség", "Coverage"), "owners": ("Felelősök", "Owners"), "overdue": ("Lejárt határidők", "Overdue"),
    "budget": ("Költségvetés", "Budget"), "timeline": ("Idővonal", "Timeline"), "ontology": ("Fogalmak", "Ontology"),
    "facts": ("Adatok", "Facts"), "source": ("Forrás", "Source"), "links_out": ("Kapcsolatai", "Links"),
    "links_in": ("Rá hivatkoznak", "Linked from"), "chain": ("Helye a láncban", "Place in the chain"),
    "findings": ("Ellenőrzési megállapítások", "Validation findings"), "none": ("Nincs.", "None."),
    "neighbourhood": ("Kapcsolati ábra", "Link diagram"), "documents": ("Dokumentumok", "Documents"),
    "search_label": ("Keresés (ékezet nélkül is)", "Search (accents optional)"), "results": ("Találatok", "Results"),
    "other_lang": ("English", "Magyar"), "skip": ("Ugrás a tartalomra", "Skip to content"),
    "as_of": ("Állapot napja", "As of"), "kind": ("Fajta", "Kind"),
    "original": ("eredeti szöveg", "original text"), "all_kinds": ("Lapok fajtánként", "Pages by kind"),
    "health": ("A terv állapota", "State of the plan"), "rows": ("sor", "rows"),
    "filter": ("Szűrés a táblázatban", "Filter the table"), "csv": ("Letöltés CSV-ben (a látható sorok)",
                                                                     "Download as CSV (the rows shown)"),
    "iri": ("Azonosító (IRI)", "Identifier (IRI)"), "downloads": ("Letöltés", "Download"),
    "cite": ("Hivatkozás erre a lapra", "Cite this page"), "breadcrumbs": ("Morzsamenü", "Breadcrumbs"),
    "main_nav": ("Fő navigáció", "Main navigation"), "licence": ("Adatok: nyilvános önkormányzati dokumentumokból · Program: MIT-licenc",
                "Data: from public municipal documents · Software: MIT licence"),
    "publisher": ("Kiadó: az esely-graph projekt", "Publisher: the esely-graph project"),
    "publisher_name": ("esely-graph projekt", "esely-graph project"),
    "overdue_mark": ("lejárt", "overdue"), "missing": ("hiányzik", "missing"),
    "days_late": ("nap késés", "days late"), "show_all": ("Mind a(z) {n} megjelenítése", "Show all {n}"),
    "truncated": ("Az ábra {shown} kapcsolatot mutat a(z) {total} közül; a teljes lista: „{list}”.",
                  "The diagram shows {shown} of {total} links; the full list is under “{list}”."),
    "chart_table": ("Az ábra adatai táblázatban", "The chart's data as a table"),
    "today": ("ma", "today"), "legend": ("Jelmagyarázat", "Legend"),
    "not_overdue": ("határidőn belül", "not yet due"), "municipality": ("Település", "Municipality"),
    "lang_choice": ("Válasszon nyelvet", "Choose a language"),
    "severity": ("súlyosság", "severity"), "import_note": ("importálási megjegyzés", "import note"),
    "gap_lists": ("Hiánylisták, fontosság szerint", "Gap lists, most important first"),
    "plain_lists": ("Egyéb listák", "Other lists"),
    "figures_link": ("A szám a mögötte álló listára visz.", "Each figure links to the list behind it."),
    "no_js": ("A rendezéshez és szűréshez JavaScript kell; a táblázat nélküle is olvasható.",
              "Sorting and filtering need JavaScript; the table reads without it."),
    "owner_col": ("Felelős", "Owner"), "item": ("Tétel", "Item"),
    "status": ("Állapot", "Status"), "sort_hint": ("Rendezés: kattintson az oszlop fejlécére.",
                                                   "Sort: click a column heading."),
}

# entity kinds with a page: kind -> (hu singular, en singular, hu plural, en plural)
KIND_NAMES = {
    "municipality": ("Település", "Municipality", "Települések", "Municipalities"),
    "document": ("Dokumentum", "Document", "Dokumentumok", "Documents"),
    "problem": ("Probléma", "Problem", "Problémák", "Problems"),
    "opportunity": ("Fejlesztési lehetőség", "Development opportunity", "Fejlesztési lehetőségek",
                    "Development opportunities"),
    "goal": ("Cél", "Goal", "Célok", "Goals"),
    "measure": ("Intézkedés", "Measure", "Intézkedések", "Measures"),
    "subtask": ("Alfeladat", "Sub-task", "Alfeladatok", "Sub-tasks"),
    "strategy": ("Stratégia", "Strategy", "Stratégiák", "Strategies"),
    "resolution": ("Határozat", "Resolution", "Határozatok", "Resolutions"),
    "owner": ("Felelős", "Owner", "Felelősök", "Owners"),
    "target-group": ("Célcsoport", "Target group", "Célcsoportok", "Target groups"),
    "programme": ("Program", "Programme", "Programok", "Programmes"),
    "workshop-group": ("Műhelycsoport", "Workshop group", "Műhelycsoportok", "Workshop groups"),
}

# how a link reads on the target's page (grouped backlinks): predicate -> (hu, en)
INVERSE = {
    "answersProblem": ("Intézkedések, amelyek választ adnak rá", "Measures that answer it"),
    "takesUpOpportunity": ("Intézkedések, amelyek megvalósítják", "Measures that take it up"),
    "hasGoal": ("Intézkedések ezzel a céllal", "Measures with this goal"),
    "alignedWith": ("Rá hivatkozó intézkedések", "Measures citing it"),
    "responsible": ("Amiért felelős", "Responsible for"),
    "targetGroup": ("Ehhez a célcsoporthoz tartozik", "Belongs to this group"),
    "subTaskOf": ("Alfeladatai", "Sub-tasks"),
    "hasOpportunity": ("Probléma, amelyhez tartozik", "Problem it belongs to"),
    "mentionsProgramme": ("Említik", "Mentioned by"),
    "citesResolution": ("Hivatkoznak rá", "Cited by"),
    "adopts": ("Elfogadta", "Adopted by"),
    "implements": ("Végrehajtja", "Implemented by"),
    "servesMeasure": ("Ezt szolgálják", "Served by"),
    "municipality": ("A település dokumentumai", "Documents of the municipality"),
    "setsGoal": ("Meghatározta", "Set by"),
    "hasWorkshopGroup": ("Javasolja", "Proposed by"),
    "partOf": ("A dokumentum részei", "Parts of the document"),
    "unitOf": ("Alegységei", "Units"), "hasUnit": ("Felettes egység", "Parent unit"), "postIn": ("Beosztások", "Posts"), "broader": ("Szűkebb célcsoportok", "Narrower groups"),
}
OTHER_INVERSE = ("Egyéb kapcsolat", "Other link")

# labels of predicates outside the project ontology: IRI local name -> (hu, en)
EXTERNAL_LABELS = {
    "title": ("cím", "title"), "description": ("tartalom (F)", "content (F)"), "identifier": ("azonosító", "identifier"),
    "date": ("dátum", "date"), "alternative": ("cím a forrásban", "title as written"), "subject": ("tárgy", "subject"),
    "created": ("kelt", "dated"), "contributor": ("készítette", "prepared by"), "source": ("alap", "basis"),
    "label": ("név", "label"), "prefLabel": ("név", "name"), "altLabel": ("más írásmód", "other spelling"),
    "definition": ("meghatározás", "definition"), "broader": ("tágabb célcsoport", "broader group"),
    "related": ("kapcsolódó célcsoport", "related group"), "unitOf": ("felettes egység", "unit of"),
    "postIn": ("egység", "post in"), "subOrganizationOf": ("fenntartó", "part of"), "hasUnit": ("alegység", "has unit"),
    "heldBy": ("betölti", "held by"), "id_local": ("szám", "number"), "date_document": ("dátum", "date"),
    "passed_by": ("testület", "passed by"), "number": ("szám", "number"), "has_part": ("pontja", "has part"),
    "value": ("összeg", "amount"), "partOf": ("dokumentum", "document"), "name": ("név", "name"),
    "primaryTopic": ("fő téma", "primary topic"), "notation": ("jelölés", "notation"),
}

CHAIN_LABELS = {"problem": ("probléma", "problem"), "measure": ("intézkedés", "measure"), "goal": ("cél", "goal"),
                "strategy": ("stratégia", "strategy"), "owner": ("felelős", "owner"), "deadline": ("határidő", "deadline"),
                "indicator": ("indikátor", "indicator"), "budget": ("erőforrás", "resources")}

SEVERITY = {"violation": ("hiba", "violation"), "warning": ("figyelmeztetés", "warning"), "info": ("megjegyzés", "note")}

# values that queries return as words: value -> (hu, en)
VALUES = {
    "true": ("igen", "yes"), "false": ("nem", "no"), "gross": ("bruttó", "gross"), "net": ("nettó", "net"),
    "unspecified": ("nincs megadva", "unspecified"), "measure": ("intézkedés", "measure"),
    "sub-task": ("alfeladat", "sub-task"), "primary": ("elsődleges", "primary"), "secondary": ("másodlagos", "secondary"),
    "automatic": ("automatikus", "automatic"), "curated": ("kézzel ellenőrzött", "curated"),
    "problem": ("probléma", "problem"), "goal": ("cél", "goal"), "owner": ("felelős", "owner"),
    "deadline": ("határidő", "deadline"), "indicator": ("indikátor", "indicator"), "resource": ("erőforrás", "resource"),
}

# column headings a query header does not name (a column added later): variable -> (hu, en)
COLUMNS = {"municipality": ("Település", "Municipality"), "document": ("Dokumentum", "Document"),
           "code": ("Kód", "Code"), "title": ("Megnevezés", "Title"), "owner": ("Felelős", "Owner")}

# plan-health figures: key -> (hu, en); order = how much they matter
HEALTH = [
    ("overdue", ("lejárt határidejű intézkedés vagy alfeladat", "overdue measures or sub-tasks")),
    ("problems", ("probléma, amelyre nincs intézkedés", "problems no measure answers")),
    ("owner", ("intézkedésnek nincs felelőse", "measures without an owner")),
    ("deadline", ("intézkedésnek nincs határideje", "measures without a deadline")),
    ("indicator", ("intézkedésnek nincs indikátora", "measures without an indicator")),
    ("resource", ("intézkedésnek nincs erőforrása", "measures without resources")),
    ("unreadable", ("nem olvasható cella", "unreadable cells")),
]
HEALTH_SENTENCE = {
    "ok": ("Ebben a körben nincs hiány.", "Nothing is missing here."),
    "bad": ("{n} fajta hiány: a legfontosabb elöl.", "{n} kinds of gap, most important first."),
}

# importer notes written in English ("line 5 skipped: …"): pattern -> sentence in each language
SKIP_REASONS = {"row of template column letters": ("a sablon oszlopbetűinek sora", "row of template column letters"),
                "no text": ("nincs benne szöveg", "no text"),
                "no letter or digit": ("nincs benne betű vagy számjegy", "no letter or digit")}
SKIPPED_LINE = ("Az importáló kihagyta a(z) {line}. sort: {why}.", "Line {line} skipped: {why}.")
SKIPPED_LINE_NO_REASON = ("Az importáló kihagyta a(z) {line}. sort.", "Line {line} skipped.")

# the importer's keys of a document's column headers ("number: Intézkedés sorszáma") -> (hu, en)
COLUMN_KEYS = {"number": ("sorszám", "number"), "group": ("célcsoport", "target group"), "problem": ("probléma", "problem"),
               "opportunity": ("fejlesztési lehetőség", "opportunity"), "measure": ("intézkedés", "measure"),
               "subtask": ("alfeladat", "sub-task"), "owner": ("felelős", "owner"), "start": ("kezdés", "start"),
               "end": ("befejezés", "end"), "source": ("forrás", "funding source"), "amount": ("összeg", "amount")}

HU_MONTHS = ["január", "február", "március", "április", "május", "június", "július", "augusztus", "szeptember",
             "október", "november", "december"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]


def pick(pair, lang: str) -> str:
    return pair[0] if lang == "hu" else pair[1]
