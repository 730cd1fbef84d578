"""Owner and strategy cells -> the distinct units, posts and documents they name."""

import pytest

from esely_graph.build import BuildContext
from esely_graph.vocab import load_vocabularies
from conftest import DATA

CTX = BuildContext(load_vocabularies(DATA), None)
OWNERS = CTX.owners("jozsefvaros")
STRATEGIES = CTX.strategies("jozsefvaros")


def owners(text):
    return [(s.entry.id.split("/", 1)[1] if s.entry else None, s.text)
            for s in OWNERS.collapse_paths(OWNERS.segment(text))]


OWNER_CASES = [
    # a written path Hivatal > Ügyosztály > Iroda is one unit, the deepest
    ("Józsefvárosi Polgármesteri Hivatal Kerületgazdálkodási Ügyosztály Vagyongazdálkodási Iroda",
     [("vagyongazdalkodasi-iroda", "Józsefvárosi Polgármesteri Hivatal Kerületgazdálkodási Ügyosztály Vagyongazdálkodási Iroda")]),
    # a post after its unit
    ("Józsefvárosi Polgármesteri Hivatal Polgármesteri Kabinet Hajléktalanügyi referens",
     [("hajlektalanugyi-referens", "Józsefvárosi Polgármesteri Hivatal Polgármesteri Kabinet Hajléktalanügyi referens")]),
    # several owners joined only by spaces
    ("Józsefvárosi Szociális Szolgáltató és Gyermekjóléti Központ Romaügyi referens Józsefvárosi Polgármesteri Hivatal Polgármesteri Kabinet",
     [("jszszgyk", "Józsefvárosi Szociális Szolgáltató és Gyermekjóléti Központ"),
      ("romaugyi-referens", "Romaügyi referens"),
      ("polgarmesteri-kabinet", "Józsefvárosi Polgármesteri Hivatal Polgármesteri Kabinet")]),
    # typos: Közöségi, Községi, Humán szolgáltatási, Irodái, Józsefváros (for Józsefvárosi), kötségvetési
    ("Közöségi Részvételi Iroda", [("kozossegi-reszveteli-iroda", "Közöségi Részvételi Iroda")]),
    ("Józsefvárosi Polgármesteri Hivatal Községi Részvételi Iroda",
     [("kozossegi-reszveteli-iroda", "Józsefvárosi Polgármesteri Hivatal Községi Részvételi Iroda")]),
    ("Humán szolgáltatási Ügyosztály Humánkapcsolati Iroda",
     [("humankapcsolati-iroda", "Humán szolgáltatási Ügyosztály Humánkapcsolati Iroda")]),
    ("Józsefvárosi Polgármesteri Hivatal Humánszolgáltatási Ügyosztály Humánkapcsolati Irodái",
     [("humankapcsolati-iroda", "Józsefvárosi Polgármesteri Hivatal Humánszolgáltatási Ügyosztály Humánkapcsolati Irodái")]),
    ("Józsefváros Polgármesteri Hivatal Humánszolgáltatási Ügyosztály Családtámogatási Iroda",
     [("csaladtamogatasi-iroda", "Józsefváros Polgármesteri Hivatal Humánszolgáltatási Ügyosztály Családtámogatási Iroda")]),
    ("Polgármesteri Kabinet, Személyügyi Iroda, Önkormányzat fenntartásában lévő kötségvetési szervek",
     [("polgarmesteri-kabinet", "Polgármesteri Kabinet"), ("szemelyugyi-iroda", "Személyügyi Iroda"),
      ("koltsegvetesi-szervek", "Önkormányzat fenntartásában lévő kötségvetési szervek")]),
    # commas inside a name
    ("Beruházási, Közbeszerzési és Pályázati Iroda",
     [("beruhazasi-kozbeszerzesi-es-palyazati-iroda", "Beruházási, Közbeszerzési és Pályázati Iroda")]),
    # short and long forms
    ("JKN Zrt.", [("jkn", "JKN Zrt.")]),
    ("Józsefváros Közösségeiért Nonprofit Zrt.", [("jkn", "Józsefváros Közösségeiért Nonprofit Zrt.")]),
    ("Kesztyűgyár Községi Ház", [("kesztyugyar", "Kesztyűgyár Községi Ház")]),
    # a name broken by a page break, joined
    ("Közöségi Részvételi Iroda Józsefvárosi Szociális Szolgáltató és Gyermekjóléti Központ,",
     [("kozossegi-reszveteli-iroda", "Közöségi Részvételi Iroda"),
      ("jszszgyk", "Józsefvárosi Szociális Szolgáltató és Gyermekjóléti Központ")]),
    # the neighbouring name must not swallow the next one's first word
    ("Józsefvárosi Szociális Szolgáltató és Gyermekjóléti Központ, Közöségi Részvételi Iroda",
     [("jszszgyk", "Józsefvárosi Szociális Szolgáltató és Gyermekjóléti Központ"),
      ("kozossegi-reszveteli-iroda", "Közöségi Részvételi Iroda")]),
    # a stray word is left unresolved, not glued to a name
    ("nyelvi Józsefvárosi Polgármesteri Hivatal Községi Részvételi Iroda",
     [(None, "nyelvi"), ("kozossegi-reszveteli-iroda", "Józsefvárosi Polgármesteri Hivatal Községi Részvételi Iroda")]),
    # unknown text is kept, not dropped
    ("Polgármesteri Kabinet, Holdraszállási Iroda",
     [("polgarmesteri-kabinet", "Polgármesteri Kabinet"), (None, "Holdraszállási Iroda")]),
]


@pytest.mark.parametrize("text,expected", OWNER_CASES)
def test_owner_cells(text, expected):
    assert owners(text) == expected


STRATEGY_CASES = [
    ("Lakásgazdálkodási Terv, Szociális Szolgáltatástervezési Konceptió",
     ["lakasgazdalkodasi-terv", "szocialis-szolgaltatastervezesi-konceptio"]),
    ("Szolgáltatástervezési Koncepció Lakásgazdálkodási Terv",
     ["szocialis-szolgaltatastervezesi-konceptio", "lakasgazdalkodasi-terv"]),
    ("Szolgáltatástervezési Konceptió,", ["szocialis-szolgaltatastervezesi-konceptio"]),
    ("Szociális Szolgáltatástervezési Konceptió, Gyerekbarát Józsefváros Konceptió",
     ["szocialis-szolgaltatastervezesi-konceptio", "gyermekbarat-jozsefvaros-konceptio"]),
    ("Integrált Településfejlesztési Stratégia, Klímastratégia, Gyermekbarát Józsefváros Konceptió",
     ["integralt-telepulesfejlesztesi-strategia", "klimastrategia", "gyermekbarat-jozsefvaros-konceptio"]),
    ("Civil Stratégia, Szociális Szolgáltatástervezési Konceptió,", ["civil-strategia", "szocialis-szolgaltatastervezesi-konceptio"]),
]


@pytest.mark.parametrize("text,expected", STRATEGY_CASES)
def test_strategy_cells(text, expected):
    assert [s.entry.id.split("/", 1)[1] for s in STRATEGIES.segment(text) if s.entry] == expected
