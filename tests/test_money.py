from decimal import Decimal

import pytest

from esely_graph.normalise.money import parse_funding

# One row per spelling, written by hand (the seeds' spellings of DOMAIN.md first):
# text -> [(value, basis, vat_included, currency written)], no_extra_funding, sources
SEEDS = [
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
BEYOND = [
    # thousands
    ("500 e Ft", [(500000, "unspecified", None, True)], False, ()),
    ("500 eFt", [(500000, "unspecified", None, True)], False, ()),
    ("500 E Ft", [(500000, "unspecified", None, True)], False, ()),
    ("bruttó 750 ezer Ft", [(750000, "gross", True, True)], False, ()),
    ("1 250 eFt", [(1250000, "unspecified", None, True)], False, ()),
    # millions, billions
    ("2 M Ft", [(2000000, "unspecified", None, True)], False, ()),
    ("2 MFt", [(2000000, "unspecified", None, True)], False, ()),
    ("2,5 MFt", [(2500000, "unspecified", None, True)], False, ()),
    ("3 millió Ft", [(3000000, "unspecified", None, True)], False, ()),
    ("1,5 mrd Ft", [(1500000000, "unspecified", None, True)], False, ()),
    ("1 milliárd forint", [(1000000000, "unspecified", None, True)], False, ()),
    ("nettó 10 M Ft + ÁFA", [(10000000, "net", False, True)], False, ()),
    # two amounts in one cell, each with its funding source beside it
    ("2025: 1 M Ft, 2026: 1,5 M Ft", [(1000000, "unspecified", None, True), (1500000, "unspecified", None, True)], False, ()),
    ("300 e Ft saját forrás és 2 M Ft EFOP-1.2.3-17 pályázat",
     [(300000, "unspecified", None, True), (2000000, "unspecified", None, True)], False, ("eu-fund", "grant", "own-funds")),
    # funding sources without amounts
    ("EFOP-1.2.3", [], False, ("eu-fund",)),
    ("TOP Plusz forrásból", [], False, ("eu-fund",)),
    ("TOP_PLUSZ-3.3.1-21", [], False, ("eu-fund",)),
    ("a top 10 program", [], False, ()),
    ("pályázati forrás", [], False, ("grant",)),
    ("saját forrás", [], False, ("own-funds",)),
    ("önerő", [], False, ("own-funds",)),
    ("önkormányzati költségvetés", [], False, ("budget",)),
    ("állami normatíva", [], False, ("normative",)),
    # needs no extra funding
    ("Nem igényel többlet forrást", [], True, ()),
    ("Nem igényel többletforrást", [], True, ()),
    ("Többletforrást nem igényel.", [], True, ()),
    ("Többletköltséggel nem jár", [], True, ()),
    ("Nem jár többletköltséggel", [], True, ()),
    ("Nincs többletköltség", [], True, ()),
    ("Külön forrást nem igényel", [], True, ()),
    ("A költséget nem tudjuk előre megbecsülni", [], False, ()),
    # not amounts
    ("1.5 Ft", [], False, ()),
    ("A 2024. évi 5 fős csoport", [], False, ()),
    ("2 M szórólap", [], False, ()),
    ("300 ezer", [], False, ()),
]


@pytest.mark.parametrize("text,amounts,no_extra,sources", SEEDS + BEYOND)
def test_parse_funding(text, amounts, no_extra, sources):
    f = parse_funding(text)
    assert [(a.value, a.basis, a.vat_included, a.currency_written) for a in f.amounts] == \
        [(Decimal(v), b, vat, cur) for v, b, vat, cur in amounts]
    assert f.no_extra_funding is no_extra
    assert f.sources == sources
    assert f.original == text


# text -> (low, high) of the one range amount
RANGES = [
    ("1-2 M Ft", 1000000, 2000000),
    ("1–2 millió Ft", 1000000, 2000000),
    ("500-800 e Ft", 500000, 800000),
    ("500 000 - 800 000 Ft", 500000, 800000),
    ("1-1,5 MFt", 1000000, 1500000),
]


@pytest.mark.parametrize("text,low,high", RANGES)
def test_a_range_has_low_and_high_and_no_single_value(text, low, high):
    (a,) = parse_funding(text).amounts
    assert (a.value, a.low, a.high, a.text) == (None, Decimal(low), Decimal(high), text)


def test_a_range_whose_ends_are_reversed_is_not_read():
    f = parse_funding("5-2 M Ft")
    assert f.amounts == () and f.unread == (("5-2 M Ft", "a range whose high end is below its low end"),)


# text -> (value, per)
PER = [
    ("300 e Ft/év", 300000, "P1Y"),
    ("300 e Ft / év", 300000, "P1Y"),
    ("évi 300 e Ft", 300000, "P1Y"),
    ("300 ezer Ft évente", 300000, "P1Y"),
    ("havi 50 000 Ft", 50000, "P1M"),
    ("évente 300 e Ft", 300000, "P1Y"),
    ("havonta 50 000 Ft", 50000, "P1M"),
    ("50 000 Ft/hó", 50000, "P1M"),
    ("a 2025. évi 300 e Ft", 300000, None),  # "of the year 2025", not per year
    ("300 e Ft", 300000, None),
]


@pytest.mark.parametrize("text,value,per", PER)
def test_per_period_amounts(text, value, per):
    (a,) = parse_funding(text).amounts
    assert (a.value, a.per) == (Decimal(value), per)


def test_an_amount_per_person_is_not_read_as_a_total():
    f = parse_funding("20 e Ft/fő")
    assert f.amounts == () and f.unread == (("20 e Ft/fő", "an amount per person, not a total"),)


def test_programme_and_call_codes_are_kept_beside_the_amount():
    assert parse_funding("2 M Ft EFOP-1.2.3-17 pályázat").codes == ("EFOP-1.2.3-17",)
    assert parse_funding("TOP_PLUSZ-3.3.1-21 és TOP-5.2.1-15").codes == ("TOP_PLUSZ-3.3.1-21", "TOP-5.2.1-15")
    assert parse_funding("Pályázati forrásból (ESF-2023-HOMELESS Európai Unió felhívás)").codes == ("ESF-2023-HOMELESS",)
    assert parse_funding("EFOP").codes == ("EFOP",)


def test_money_crash_on_29_digits_is_gone():
    """Issue 16: an amount of >= 29 digits raised decimal.InvalidOperation in _to_decimal."""
    text = "bruttó " + "9" * 29 + " Ft"
    f = parse_funding(text)
    assert f.amounts == ()
    assert f.unread == (("bruttó " + "9" * 29 + " Ft", "not a plausible amount (over 15 digits or 10^13 Ft)"),)


def test_huge_digit_strings_never_crash():
    for n in (16, 28, 29, 30, 100, 5000):
        f = parse_funding("9" * n + " Ft")
        assert f.amounts == () and len(f.unread) == 1
    assert parse_funding("20 000 mrd Ft").unread[0][1].startswith("not a plausible amount")


def test_the_largest_plausible_amount_is_read():
    (a,) = parse_funding("999 999 999 999 Ft").amounts
    assert a.value == Decimal(999999999999)


def test_budget_cell_cleaned_twice_keeps_escaped_markup():
    """Issue 16: the importer unescaped '&lt;b&gt;' to '<b>'; parsing must not strip it a second time."""
    f = parse_funding("bruttó 1 000 Ft <b>Pályázat")
    assert f.original == "bruttó 1 000 Ft <b>Pályázat"
    assert [(a.value, a.basis) for a in f.amounts] == [(Decimal(1000), "gross")]
    assert f.sources == ("grant",)


# a cell of the amount column (header "Összeg", "Költség"): text -> value read, or None
AMOUNT_COLUMN = [
    ("600000", 600000),
    ("6 250 000", 6250000),
    ("6.250.000", 6250000),
    ("1,5", None),
    ("2024. október", None),
]


@pytest.mark.parametrize("text,value", AMOUNT_COLUMN)
def test_a_bare_number_in_the_amount_column_is_huf_without_currency(text, value):
    f = parse_funding(text, amount_column=True)
    assert [(a.value, a.currency_written, a.basis) for a in f.amounts] == \
        ([(Decimal(value), False, "unspecified")] if value else [])


def test_a_bare_number_elsewhere_is_not_an_amount():
    assert parse_funding("600000").amounts == ()


def test_a_budget_source_is_not_an_amount():
    f = parse_funding("költségvetésben")
    assert f.amounts == () and f.understood
