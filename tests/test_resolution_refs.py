from datetime import date

import pytest

from esely_graph.normalise.resolutions import find_resolution_refs, heading_number, heading_ref, long_date

CASES = [
    ("215/2023. (VII.13.) számú határozata", [(215, date(2023, 7, 13), "215/2023. (VII. 13.)")]),
    ("321/2023. (X.19.)", [(321, date(2023, 10, 19), "321/2023. (X. 19.)")]),
    ("35/2023. (X.19.) és 309/2023. (X.19.) számú KT határozatok",
     [(35, date(2023, 10, 19), "35/2023. (X. 19.)"), (309, date(2023, 10, 19), "309/2023. (X. 19.)")]),
    ("126/2018. (VI.21.) határozatával", [(126, date(2018, 6, 21), "126/2018. (VI. 21.)")]),
    ("**482/2021.(VII. 22.) sz. KT határozat**", [(482, date(2021, 7, 22), "482/2021. (VII. 22.)")]),
    ("a 225/2023 (X.30.) számú Képviselő-Testületi határozat", [(225, date(2023, 10, 30), "225/2023. (X. 30.)")]),
    ("/2018. (XI.22.) határozata", [(None, date(2018, 11, 22), "/2018. (XI. 22.)")]),
    ("a 22017-es részletező kódú CERV-2022-CHILD projekt", []),
    ("2024-es költségvetésben", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_find_resolution_refs(text, expected):
    assert [(r.number, r.date, r.local_id) for r in find_resolution_refs(text)] == expected


# A resolution's own number and date, wherever a published text writes them; citations are not headings.
HEADINGS = [
    ("Kisváros Község Önkormányzata Képviselő-testületének 112/2023. (IX. 28.) határozata", "112/2023. (IX. 28.)"),
    ("**482/2021.(VII. 22.) sz. KT határozat**", "482/2021. (VII. 22.)"),
    ("113/2023. (IX. 28.) Kt. hat.", "113/2023. (IX. 28.)"),
    ("Nagyfalu Nagyközség Polgármesterének 4/2020. (IV. 2.) határozata", "4/2020. (IV. 2.)"),
    ("…/2023. (VI. 29.) határozat", "/2023. (VI. 29.)"),
    ("A Képviselő-testület a 2023. szeptember 28-i ülésén az alábbi 112/2023. (IX. 28.) számú határozatot hozta:",
     "112/2023. (IX. 28.)"),
    ("Kecskemét Megyei Jogú Város Közgyűlésének 126/2018. (VI.21.) Kgy. határozata", "126/2018. (VI. 21.)"),
    ("a 45/2021. (III. 25.) határozatát hatályon kívül helyezi", None),
    ("a 126/2018. (VI.21.) határozatával fogadta el", None),
    ("Módosította: 130/2023. (X. 26.)", None),
]


@pytest.mark.parametrize("text,expected", HEADINGS)
def test_heading_ref(text, expected):
    ref = heading_ref(text)
    assert (ref.local_id if ref else None) == expected


@pytest.mark.parametrize("text,expected", [
    ("35/2023. sz. határozat", ("35", 2023)),
    ("Kisváros Község Önkormányzatának 7/2024. számú határozata", ("7", 2024)),
    ("a 35/2023. számú határozatát módosítja", None),
    ("2023/2024. tanév", None),
])
def test_heading_number_without_date(text, expected):
    assert heading_number(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("a 2023. november 30-i ülésén", date(2023, 11, 30)),
    ("Kisváros, 2023. szeptember 18.", date(2023, 9, 18)),
    ("2023. február 30.", None),
    ("2023. évi költségvetés", None),
])
def test_long_date(text, expected):
    assert long_date(text) == expected
