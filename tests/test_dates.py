from datetime import date

import pytest

from esely_graph.normalise.dates import parse_period

# Every spelling of DOMAIN.md and the seeds: text -> (start, end, granularity, flags)
CASES = [
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
    ("<p>2024 szeptember</p>", date(2024, 9, 1), date(2024, 9, 30), "month", ()),
    ("folyamatos", None, None, None, ("open-ended",)),
    ("minden félévben", None, None, None, ("recurring",)),
    ("azonnal", None, None, None, ("immediate",)),
    ("Diószegi program esetében a tervezés a 2024-es költségvetésben biztosításra kerül.", None, None, None, ("unreadable",)),
    ("2025 1. félév 2025 2. félév", None, None, None, ("unreadable",)),
    ("2024 5. negyedév", None, None, None, ("unreadable",)),
    ("2024 február 30", None, None, None, ("unreadable",)),
    ("", None, None, None, ("unreadable",)),
]


@pytest.mark.parametrize("text,start,end,granularity,flags", CASES)
def test_parse_period(text, start, end, granularity, flags):
    p = parse_period(text)
    assert (p.start, p.end, p.granularity, p.flags) == (start, end, granularity, flags)
    assert p.original == text.replace("<p>", "").replace("</p>", "").strip()


def test_open_ended_with_milestone():
    p = parse_period("folyamatos (első minta program megvalósítása: 2024. első félév)")
    assert p.flags == ("open-ended",)
    assert (p.milestone.start, p.milestone.end) == (date(2024, 1, 1), date(2024, 6, 30))


def test_recurring_has_its_period():
    assert parse_period("minden félévben").recurrence == "P6M"
    assert parse_period("évente, az Önkormányzat tárgyévi költségvetési rendeletének elfogadása").recurrence == "P1Y"
