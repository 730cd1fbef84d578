from datetime import date

import pytest

from esely_graph.normalise.dates import parse_period

# One row per spelling (the seeds' spellings of DOMAIN.md first, then those beyond the seeds),
# written by hand: text -> (start, end, granularity, flags)
SEEDS = [
    ("2024 október", date(2024, 10, 1), date(2024, 10, 31), "month", ()),
    ("2024. október", date(2024, 10, 1), date(2024, 10, 31), "month", ()),
    ("2024.október", date(2024, 10, 1), date(2024, 10, 31), "month", ()),
    ("2023. június 15.", date(2023, 6, 15), date(2023, 6, 15), "day", ()),
    ("2023 december 1", date(2023, 12, 1), date(2023, 12, 1), "day", ()),
    ("2024 3. negyedév", date(2024, 7, 1), date(2024, 9, 30), "quarter", ()),
    ("2024. 3. negyedév", date(2024, 7, 1), date(2024, 9, 30), "quarter", ()),
    ("2025 1. negyedév", date(2025, 1, 1), date(2025, 3, 31), "quarter", ()),
    ("2024 4. negyedév", date(2024, 10, 1), date(2024, 12, 31), "quarter", ()),
    ("2025 1. félév", date(2025, 1, 1), date(2025, 6, 30), "half-year", ()),
    ("2026 2. félév", date(2026, 7, 1), date(2026, 12, 31), "half-year", ()),
    ("2024. első félév", date(2024, 1, 1), date(2024, 6, 30), "half-year", ()),
    ("2024 év vége", date(2024, 12, 31), date(2024, 12, 31), "year-end", ()),
    ("2023 vége", date(2023, 12, 31), date(2023, 12, 31), "year-end", ()),
    ("2025", date(2025, 1, 1), date(2025, 12, 31), "year", ()),
    ("2024 február", date(2024, 2, 1), date(2024, 2, 29), "month", ()),
    ("folyamatos", None, None, None, ("open-ended",)),
    ("minden félévben", None, None, "half-year", ("recurring",)),
    ("azonnal", None, None, None, ("immediate",)),
    ("Diószegi program esetében a tervezés a 2024-es költségvetésben biztosításra kerül.", None, None, None, ("unreadable",)),
    ("2025 1. félév 2025 2. félév", None, None, None, ("unreadable",)),
    ("2024 5. negyedév", None, None, None, ("unreadable",)),
    ("2024 február 30", None, None, None, ("unreadable",)),
    ("", None, None, None, ("unreadable",)),
    ("a Józsefvárosi Szociális Szolgáltatástervezési Konceptió 2022. évi felülvizsgálata", None, None, None, ("event-based",)),
]
BEYOND = [
    # Roman-numeral and abbreviated quarters and half-years
    ("2027. II. félév", date(2027, 7, 1), date(2027, 12, 31), "half-year", ()),
    ("2027. I. félév", date(2027, 1, 1), date(2027, 6, 30), "half-year", ()),
    ("2027. II félév", date(2027, 7, 1), date(2027, 12, 31), "half-year", ()),
    ("2026. I. negyedév", date(2026, 1, 1), date(2026, 3, 31), "quarter", ()),
    ("2025. IV. n.év", date(2025, 10, 1), date(2025, 12, 31), "quarter", ()),
    ("2025. III. n. év", date(2025, 7, 1), date(2025, 9, 30), "quarter", ()),
    ("2026 második félév", date(2026, 7, 1), date(2026, 12, 31), "half-year", ()),
    ("2024 3. negyedévében", date(2024, 7, 1), date(2024, 9, 30), "quarter", ()),
    ("2025. V. negyedév", None, None, None, ("unreadable",)),
    ("2025. III. félév", None, None, None, ("unreadable",)),
    ("I. negyedév", None, None, None, ("unreadable",)),  # no year: flagged, never the plan's year guessed
    # days
    ("2027. december 31.", date(2027, 12, 31), date(2027, 12, 31), "day", ()),
    ("2027.12.31.", date(2027, 12, 31), date(2027, 12, 31), "day", ()),
    ("2027. 12. 31.", date(2027, 12, 31), date(2027, 12, 31), "day", ()),
    ("2026-12-31", date(2026, 12, 31), date(2026, 12, 31), "day", ()),
    ("2026-12-31 00:00:00", date(2026, 12, 31), date(2026, 12, 31), "day", ()),  # a spreadsheet date as text
    ("2027.13.31.", None, None, None, ("unreadable",)),
    # "by …": the same period
    ("2025. december 31-ig", date(2025, 12, 31), date(2025, 12, 31), "day", ()),
    ("2026. június 1-jéig", date(2026, 6, 1), date(2026, 6, 1), "day", ()),
    ("2025-ig", date(2025, 1, 1), date(2025, 12, 31), "year", ()),
    ("2024.10.31.-ig", date(2024, 10, 31), date(2024, 10, 31), "day", ()),
    ("2024 végéig", date(2024, 12, 31), date(2024, 12, 31), "year-end", ()),
    ("2025. évben", date(2025, 1, 1), date(2025, 12, 31), "year", ()),
    # ranges
    ("2023-2027", date(2023, 1, 1), date(2027, 12, 31), "year", ("range",)),
    ("2024–2028", date(2024, 1, 1), date(2028, 12, 31), "year", ("range",)),
    ("2024. október – 2025. június", date(2024, 10, 1), date(2025, 6, 30), "month", ("range",)),
    ("2024-től 2027-ig", date(2024, 1, 1), date(2027, 12, 31), "year", ("range",)),
    ("2027-2023", None, None, None, ("unreadable",)),
    ("2024. szeptember – december", date(2024, 9, 1), date(2024, 12, 31), "month", ("range",)),
    ("2026. I–IV. negyedév", date(2026, 1, 1), date(2026, 12, 31), "quarter", ("range",)),
    ("2026 1-2. félév", date(2026, 1, 1), date(2026, 12, 31), "half-year", ("range",)),
    ("2024. október – március", None, None, None, ("unreadable",)),  # the next March is not guessed
    # school years: 1 September to 31 August
    ("2025/2026. tanév", date(2025, 9, 1), date(2026, 8, 31), "school-year", ()),
    ("2025–2026. tanév", date(2025, 9, 1), date(2026, 8, 31), "school-year", ()),
    ("2025/26-os tanév", date(2025, 9, 1), date(2026, 8, 31), "school-year", ()),
    ("2025/2027. tanév", None, None, None, ("unreadable",)),
    ("2025. tanév vége", date(2025, 8, 31), date(2025, 8, 31), "school-year-end", ()),
    ("2025/2026. tanév vége", date(2026, 8, 31), date(2026, 8, 31), "school-year-end", ()),
    # recurring
    ("évente", None, None, "year", ("recurring",)),
    ("évente március 31.", None, None, "day", ("recurring",)),
    ("évente, március 31.", None, None, "day", ("recurring",)),
    ("minden év szeptember 30-ig", None, None, "day", ("recurring",)),
    ("évente szeptemberben", None, None, "month", ("recurring",)),
    ("tanévente", None, None, "school-year", ("recurring",)),
    ("minden félévben", None, None, "half-year", ("recurring",)),
    ("negyedévente", None, None, "quarter", ("recurring",)),
    ("havonta", None, None, "month", ("recurring",)),
    ("évente két alkalommal", None, None, None, ("recurring",)),
    ("évente, február 30.", None, None, None, ("unreadable",)),
    # open-ended, immediate
    ("2024. szeptember 1-jétől", date(2024, 9, 1), None, "day", ("open-ended",)),
    ("2025-től", date(2025, 1, 1), None, "year", ("open-ended",)),
    ("2026. II. félévtől", date(2026, 7, 1), None, "half-year", ("open-ended",)),
    ("folyamatosan", None, None, None, ("open-ended",)),
    ("Folyamatos.", None, None, None, ("open-ended",)),
    ("folyamatos, évente", None, None, "year", ("open-ended", "recurring")),
    ("azonnali", None, None, None, ("immediate",)),
    # event-based: kept as text, flagged, no interval invented
    ("a költségvetési rendelet elfogadásakor", None, None, None, ("event-based",)),
    ("a pályázat megjelenésekor", None, None, None, ("event-based",)),
    ("a támogatói okirat kézhezvételét követően", None, None, None, ("event-based",)),
    ("pályázati kiírás függvényében", None, None, None, ("event-based",)),
    ("évente, az Önkormányzat tárgyévi költségvetési rendeletének elfogadása", None, None, "year", ("recurring", "event-based")),
]


@pytest.mark.parametrize("text,start,end,granularity,flags", SEEDS + BEYOND)
def test_parse_period(text, start, end, granularity, flags):
    p = parse_period(text)
    assert (p.start, p.end, p.granularity, p.flags) == (start, end, granularity, flags)
    assert p.original == text


# text -> (recurrence, recurring_on)
RECURRENCES = [
    ("minden félévben", "P6M", None),
    ("évente", "P1Y", None),
    ("tanévente", "P1Y", None),
    ("negyedévente", "P3M", None),
    ("havonta", "P1M", None),
    ("évente március 31.", "P1Y", "--03-31"),
    ("évente, március 31.", "P1Y", "--03-31"),
    ("minden év szeptember 30-ig", "P1Y", "--09-30"),
    ("évente szeptemberben", "P1Y", "--09"),
    ("évente két alkalommal", None, None),  # twice a year: not read as yearly
    ("évente, az Önkormányzat tárgyévi költségvetési rendeletének elfogadása", "P1Y", None),
]


@pytest.mark.parametrize("text,recurrence,on", RECURRENCES)
def test_recurring_has_its_period(text, recurrence, on):
    p = parse_period(text)
    assert (p.recurrence, p.recurring_on) == (recurrence, on)


def test_open_ended_with_milestone_keeps_the_milestone_as_written():
    p = parse_period("folyamatos (első minta program megvalósítása: 2024. első félév)")
    assert p.flags == ("open-ended",)
    assert (p.milestone.start, p.milestone.end) == (date(2024, 1, 1), date(2024, 6, 30))
    assert p.milestone.original == "2024. első félév"


def test_a_year_from_context_is_used_and_flagged():
    p = parse_period("IV. negyedév", year=2026)
    assert (p.start, p.end, p.granularity, p.flags) == (date(2026, 10, 1), date(2026, 12, 31), "quarter",
                                                       ("year-from-context",))
    q = parse_period("március 31.", year=2027)
    assert (q.start, q.end, q.flags) == (date(2027, 3, 31), date(2027, 3, 31), ("year-from-context",))


def test_no_year_is_flagged_with_its_reason():
    p = parse_period("I. negyedév")
    assert p.problem == "no year written" and not p.readable


def test_event_based_deadline_is_readable_but_has_no_interval():
    p = parse_period("a pályázat megjelenésekor")
    assert p.readable and p.start is None and p.end is None and p.recurrence is None


def test_formatting_tags_are_ignored_for_reading_but_the_text_is_kept():
    p = parse_period("<p>2024 szeptember</p>")
    assert (p.start, p.end) == (date(2024, 9, 1), date(2024, 9, 30))
    assert p.original == "<p>2024 szeptember</p>"


def test_deadline_cleaned_twice_keeps_escaped_markup():
    """Issue 16: the importer already unescaped '&lt;b&gt;'; parsing must not strip the '<b>' it left."""
    p = parse_period("2025. december 31. <b>Pályázat")
    assert p.original == "2025. december 31. <b>Pályázat"


def test_no_dependence_on_today():
    assert parse_period("évente március 31.").start is None
