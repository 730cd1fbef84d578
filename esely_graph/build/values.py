"""Deadlines, resources and indicators: normalised values as triples."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, TIME, XSD

from ..namespaces import ESELY, SCHEMA
from ..normalise import dates as D
from ..normalise.lists import split_indicators
from ..normalise.money import (
    BUDGET,
    EU_FUND,
    GRANT,
    GROSS,
    NET,
    NORMATIVE,
    OWN_FUNDS,
    RESOLUTION,
    parse_funding,
)
from ..records import Cell
from .iris import hu

GRANULARITY = {
    D.DAY: TIME.unitDay, D.MONTH: TIME.unitMonth, D.QUARTER: ESELY.unitQuarter,
    D.HALF_YEAR: ESELY.unitHalfYear, D.YEAR: TIME.unitYear, D.YEAR_END: ESELY.unitYearEnd,
    D.WEEK: TIME.unitWeek, D.SCHOOL_YEAR: ESELY.unitSchoolYear, D.SCHOOL_YEAR_END: ESELY.unitSchoolYearEnd,
}
TIME_FLAGS = {D.UNREADABLE: "Unreadable", D.OPEN_ENDED: "OpenEnded", D.RECURRING: "Recurring", D.IMMEDIATE: "Immediate",
              D.EVENT_BASED: "EventBased", D.RANGE: "Range", D.YEAR_FROM_CONTEXT: "YearFromContext"}
FUNDING = {BUDGET: ESELY.Budget, GRANT: ESELY.Grant, EU_FUND: ESELY.EuFund, RESOLUTION: ESELY.ResolutionFunding,
           OWN_FUNDS: ESELY.OwnFunds, NORMATIVE: ESELY.StateNormative}
BASIS = {GROSS: ESELY.Gross, NET: ESELY.Net}


class ValueWriter:
    """Mixed into DocumentGraph."""

    def time(self, node: URIRef, prop: URIRef, cell: Cell, name: str) -> None:
        ts = URIRef(f"{node}/{name}")
        self._time_spec(ts, D.parse_period(cell.text), cell)
        self.g.add((node, prop, ts))

    def _time_spec(self, ts: URIRef, period: D.Period, cell: Cell) -> None:
        g = self.g
        self.item(ts, ESELY.TimeSpec, cell)
        g.add((ts, ESELY.originalText, hu(period.original)))
        g.add((ts, ESELY.sourceColumn, Literal(cell.column)))
        if period.start is not None:
            for part, when in (("begin", period.start), ("end", period.end)):
                if when is None:  # "2025-től": begins, no end
                    continue
                instant = URIRef(f"{ts}/{part}")
                g.add((instant, RDF.type, TIME.Instant))
                g.add((instant, TIME.inXSDDate, Literal(when, datatype=XSD.date)))
                g.add((ts, TIME.hasBeginning if part == "begin" else TIME.hasEnd, instant))
        if period.granularity is not None:
            g.add((ts, ESELY.granularity, GRANULARITY[period.granularity]))
        for i, f in enumerate(period.flags):  # the note once, on the first flag
            self.flag(ts, [(TIME_FLAGS[f], (period.problem or "") if i == 0 else "")])
        if period.recurrence:
            g.add((ts, ESELY.recurrence, Literal(period.recurrence, datatype=XSD.duration)))
        if period.recurring_on:
            kind = XSD.gMonthDay if len(period.recurring_on) > 4 else XSD.gMonth
            g.add((ts, ESELY.recurringOn, Literal(period.recurring_on, datatype=kind)))
        if period.milestone is not None:
            ms = URIRef(f"{ts}/milestone")
            self._time_spec(ms, period.milestone, cell)
            g.add((ts, ESELY.milestone, ms))
        self.cite_resolutions(ts, period.original)

    def resource(self, node: URIRef, cell: Cell, key: str) -> None:
        g = self.g
        res = URIRef(f"{node}/resource/{key}")
        funding = parse_funding(cell.text, amount_column=key == "amount")
        self.item(res, ESELY.Resource, cell)
        g.add((node, ESELY.hasResource, res))
        g.add((res, ESELY.originalText, hu(funding.original)))
        g.add((res, ESELY.sourceColumn, Literal(cell.column)))
        for source in funding.sources:
            g.add((res, ESELY.fundingSource, FUNDING[source]))
        for code in funding.codes:
            g.add((res, ESELY.fundingCode, Literal(code)))
        if funding.no_extra_funding:
            g.add((res, ESELY.noExtraFunding, Literal(True)))
        for i, amount in enumerate(funding.amounts, 1):
            a = URIRef(f"{res}/amount/{i}")
            self.item(a, SCHEMA.MonetaryAmount, cell)
            g.add((res, ESELY.hasAmount, a))
            if amount.value is not None:
                g.add((a, SCHEMA.value, Literal(amount.value, datatype=XSD.decimal)))
            else:  # a range: low and high, no single value
                g.add((a, SCHEMA.minValue, Literal(amount.low, datatype=XSD.decimal)))
                g.add((a, SCHEMA.maxValue, Literal(amount.high, datatype=XSD.decimal)))
                self.flag(a, [("Range", "")])
            if amount.per:
                g.add((a, ESELY.perPeriod, Literal(amount.per, datatype=XSD.duration)))
            g.add((a, SCHEMA.currency, Literal("HUF")))
            g.add((a, ESELY.basis, BASIS.get(amount.basis, ESELY.BasisUnspecified)))
            if amount.vat_included is not None:
                g.add((a, ESELY.vatIncluded, Literal(amount.vat_included)))
            g.add((a, ESELY.originalText, hu(amount.text)))
            if not amount.currency_written:
                self.flag(a, [("NoCurrency", "no currency written; read as HUF")])
        for span, why in funding.unread:
            self.flag(res, [("AmountNotRead", f"'{span[:80]}': {why}")])
        if not funding.understood:
            self.flag(res, [("Unreadable", "no amount, funding source or 'no extra funding' found")])
        self.cite_resolutions(res, funding.original)

    def indicators(self, node: URIRef, cell: Cell) -> None:
        g = self.g
        g.add((node, ESELY.indicatorText, hu(cell.text)))
        for i, text in enumerate(split_indicators(cell.text), 1):
            ind = URIRef(f"{node}/indicator/{i}")
            self.item(ind, ESELY.Indicator, cell)
            g.add((ind, RDFS.label, hu(text)))
            g.add((node, ESELY.hasIndicator, ind))

