from decimal import Decimal

import pytest

from esely_graph.normalise.money import parse_funding

# text -> [(value, basis, vat_included, currency written)], no_extra_funding, sources
CASES = [
    ("bruttó 600 000 Ft", [(600000, "gross", True, True)], False, ()),
    ("bruttó 6 250 000", [(6250000, "gross", True, False)], False, ()),
    ("Bruttó 37.313.300 Ft a 2024-es költségvetési évre tervezve.", [(37313300, "gross", True, True)], False, ("budget",)),
    ("nettó 3.750.000 forint + ÁFA", [(3750000, "net", False, True)], False, ()),
    ("1,2 millió forintot", [(1200000, "unspecified", None, True)], False, ()),
    ("bruttó 400.000 forintot", [(400000, "gross", True, True)], False, ()),
    ("A gyakornoki programhoz kapcsolódóan 2023-ban bruttó 400.000 forintot, 215/2023. (VII.13.) számú határozata "
     "2024-ben 1,2 millió forintot biztosítunk",
     [(400000, "gross", True, True), (1200000, "unspecified", None, True)], False, ("resolution",)),
    ("Nem igényel többlet pénzügyi fedezetet", [], True, ()),
    ("Többlét fedezetet nem igényel", [], True, ()),
    ("Nem igényel jelenleg többlet pénzügyi fedezetet", [], True, ()),
    ("költségvetésben", [], False, ("budget",)),
    ("pályázat útján, költségvetésben", [], False, ("grant", "budget")),
    ("2 fő pályázati forrásból", [], False, ("grant",)),
    ("Pályázati forrásból (ESF-2023-HOMELESS Európai Unió felhívás) tervezzük biztosítani", [], False, ("eu-fund", "grant")),
    ("A JEK 2024-es költségvetésben biztosításra kerül havi 1 szombat, összesen 10 alkalommal.", [], False, ("budget",)),
    ("Státuszok kibővítése 4 fővel", [], False, ()),
]


@pytest.mark.parametrize("text,amounts,no_extra,sources", CASES)
def test_parse_funding(text, amounts, no_extra, sources):
    f = parse_funding(text)
    assert [(a.value, a.basis, a.vat_included, a.currency_written) for a in f.amounts] == \
        [(Decimal(v), b, vat, cur) for v, b, vat, cur in amounts]
    assert f.no_extra_funding is no_extra
    assert f.sources == sources


def test_a_budget_source_is_not_an_amount():
    f = parse_funding("költségvetésben")
    assert f.amounts == () and f.understood
