"""Kisváros község: a 2019–2023 plan on the 2/2012. EMMI template, headers in the town's own words,
an extra "Megjegyzés" column, numbers typed as numbers and one deadline typed as a date in Excel."""

import datetime as dt

from .model import MeasureGold, ProblemGold, RepeatedHeader, Section, TableDef, Town, Typed

N = [Typed(str(i), i) for i in range(10)]

CONCLUSIONS = TableDef(
    kind="hep-conclusions", name="kisvaros-hep-he", sheet="Következtetések",
    title_rows=["Kisváros Község Önkormányzata", "A helyzetelemzés megállapításainak összegzése"],
    header=["Célcsoport", "Problémák beazonosítása", "Fejlesztési lehetőségek meghatározása"],
    keys=["group", "problem", "opportunity"],
    merge_down={0},
    rows=[
        ["Mélyszegénységben élők és romák",
         "A tartósan munkanélküliek aránya magas, különösen a 45 év felettiek körében.",
         "Képzési és álláskeresési tanácsadás a járási hivatallal együttműködve."],
        ["", "A szegregátumban élők lakhatási körülményei rosszak, sok a komfort nélküli lakás.",
         "Önkormányzati bérlakások felújítása pályázati forrásból."],
        ["Gyermekek", "Nyáron nincs napközbeni felügyelet az általános iskolás gyermekeknek.",
         "Nyári napközi szervezése a művelődési házban."],
        ["", "", "Táboroztatás támogatása helyi civil szervezetekkel."],
        ["Nők", "A kisgyermekes anyák nehezen térnek vissza a munkaerőpiacra.",
         "Rugalmas munkaidejű önkormányzati állások, családi napközi."],
        ["Idősek", "Az egyedül élő idősek elmagányosodnak, kevés a közösségi program.",
         "Nappali ellátás bővítése; jelzőrendszeres házi segítségnyújtás."],
        ["Fogyatékkal élők", "A polgármesteri hivatal épülete nem akadálymentes.",
         "Rámpa és akadálymentes mosdó kiépítése."],
    ],
    problems=[
        ProblemGold("Mélyszegénységben élők és romák",
                    "A tartósan munkanélküliek aránya magas, különösen a 45 év felettiek körében.",
                    ("Képzési és álláskeresési tanácsadás a járási hivatallal együttműködve.",)),
        ProblemGold("Mélyszegénységben élők és romák",
                    "A szegregátumban élők lakhatási körülményei rosszak, sok a komfort nélküli lakás.",
                    ("Önkormányzati bérlakások felújítása pályázati forrásból.",)),
        ProblemGold("Gyermekek", "Nyáron nincs napközbeni felügyelet az általános iskolás gyermekeknek.",
                    ("Nyári napközi szervezése a művelődési házban.",
                     "Táboroztatás támogatása helyi civil szervezetekkel.")),
        ProblemGold("Nők", "A kisgyermekes anyák nehezen térnek vissza a munkaerőpiacra.",
                    ("Rugalmas munkaidejű önkormányzati állások, családi napközi.",)),
        ProblemGold("Idősek", "Az egyedül élő idősek elmagányosodnak, kevés a közösségi program.",
                    ("Nappali ellátás bővítése; jelzőrendszeres házi segítségnyújtás.",)),
        ProblemGold("Fogyatékkal élők", "A polgármesteri hivatal épülete nem akadálymentes.",
                    ("Rámpa és akadálymentes mosdó kiépítése.",)),
    ],
)

HEADER = ["Ssz.", "Intézkedés címe", "Feltárt probléma", "Cél", "Kapcsolódó stratégiák", "Országos stratégiák",
          "Tartalom", "Felelős", "Határidő", "Indikátor", "Erőforrások", "Fenntarthatóság",
          "Önkormányzatok közötti együttműködés", "Megjegyzés"]
KEYS = ["number", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "extra"]

ACTION_PLAN = TableDef(
    kind="hep-action-plan", name="kisvaros-hep-it", sheet="Intézkedések",
    title_rows=["Kisváros HEP 2019–2023 – Intézkedési terv (összegző táblázat)"],
    header=HEADER, keys=KEYS,
    rows=[
        Section("I. Mélyszegénységben élők és romák"),
        [N[1], "Közfoglalkoztatásból a nyílt munkaerőpiacra", "A tartósan munkanélküliek aránya magas",
         "A tartósan munkanélküliek elhelyezkedésének segítése", "Gazdasági Program 2019–2024",
         "Magyar Nemzeti Társadalmi Felzárkózási Stratégia II.",
         "Álláskeresési tanácsadás, képzésekbe irányítás a járási hivatallal közösen",
         "Polgármester és Jegyző", "2025. II. félév", "a képzésbe irányítottak száma (fő/év)",
         "saját forrás, 500 e Ft/év", "a tanácsadást a Családsegítő Szolgálat folytatja",
         "a Tóparti Kistérségi Társulással közösen", "új intézkedés"],
        [N[2], "Bérlakások felújítása", "Rossz lakhatási körülmények a szegregátumban",
         "Komfortos bérlakások", "Településfejlesztési Koncepció", "-",
         "Négy önkormányzati bérlakás tetőcseréje és fűtéskorszerűsítése,", "Polgármester",
         "2027. december 31.", "felújított lakások száma", "TOP Plusz pályázati forrás, 2 M Ft",
         "bérleti díjból képzett felújítási alap", "-", ""],
        ["", "", "", "", "", "", "a 6. és a 8. lakás nyílászáróinak cseréje", "", "", "(db)", "", "", "", ""],
        Section("II. Gyermekek"),
        [N[1], "Nyári napközbeni gyermekfelügyelet", "Nyáron nincs napközbeni felügyelet",
         "A dolgozó szülők gyermekeinek nyári felügyelete", "Köznevelési Feladatellátási Terv", "-",
         "Hathetes nyári napközi a művelődési házban, napi meleg étkezéssel",
         "Kisvárosi Közös Önkormányzati Hivatal\nIgazgatási és Szociális Osztály",
         "2026. június 15.", "", "humán: 2 fő; pénzügyi: 1,2 millió Ft", "évente megismételhető", "-", ""],
        RepeatedHeader(),
        [N[2], "Iskolai egészségfejlesztési program", "Kevés a mozgás, sok a túlsúlyos gyermek",
         "Egészséges életmódra nevelés", "Egészségterv", "Egészséges Magyarország 2021–2027",
         "Havi egészségnap az iskolában, szűrővizsgálatok", "védőnő és iskolaorvos", "tanévente",
         "a résztvevő tanulók száma", "Nem igényel többlet forrást", "a védőnői program része", "-", ""],
        Section("IV. Idősek"),
        [N[1], "Idősek nappali ellátásának bővítése", "Egyedül élő idősek elmagányosodása",
         "Közösségi programok az időseknek", "Szociális Szolgáltatástervezési Koncepció", "-",
         "Heti két klubnap, kirándulások, digitális tanfolyam",
         "Polgármester, Kisvárosi Szociális Alapszolgáltatási Központ",
         Typed("2026.12.31.", dt.date(2026, 12, 31)), "a klubtagok száma", "normatív állami támogatás",
         "az intézmény költségvetésében", "-", "a 2021. évi felülvizsgálatkor felvett intézkedés"],
    ],
    measures=[
        MeasureGold("I/1", "Közfoglalkoztatásból a nyílt munkaerőpiacra", "Polgármester és Jegyző",
                    "2025. II. félév", "saját forrás, 500 e Ft/év", "a képzésbe irányítottak száma (fő/év)"),
        MeasureGold("I/2", "Bérlakások felújítása", "Polgármester", "2027. december 31.",
                    "TOP Plusz pályázati forrás, 2 M Ft", "felújított lakások száma (db)"),
        MeasureGold("II/1", "Nyári napközbeni gyermekfelügyelet",
                    "Kisvárosi Közös Önkormányzati Hivatal Igazgatási és Szociális Osztály",
                    "2026. június 15.", "humán: 2 fő; pénzügyi: 1,2 millió Ft", ""),
        MeasureGold("II/2", "Iskolai egészségfejlesztési program", "védőnő és iskolaorvos", "tanévente",
                    "Nem igényel többlet forrást", "a résztvevő tanulók száma"),
        MeasureGold("IV/1", "Idősek nappali ellátásának bővítése",
                    "Polgármester, Kisvárosi Szociális Alapszolgáltatási Központ", "2026.12.31.",
                    "normatív állami támogatás", "a klubtagok száma"),
    ],
)

KISVAROS = Town("Kisváros", [CONCLUSIONS, ACTION_PLAN], resolution=[
    "Kisváros Község Önkormányzata Képviselő-testületének 112/2023. (IX. 28.) határozata "
    "a Helyi Esélyegyenlőségi Program felülvizsgálatáról",
    "A Képviselő-testület",
    "1. a Helyi Esélyegyenlőségi Program 2019–2023 felülvizsgálatát elfogadja;",
    "2. felkéri a polgármestert, hogy a programot a település honlapján tegye közzé.",
    "Felelős: Polgármester és Jegyző",
    "Határidő: 2023. október 15.",
])
