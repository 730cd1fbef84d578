from datetime import date

import pytest

from esely_graph.normalise.resolutions import find_resolution_refs

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
