"""The collector is calmed while a step runs and put back afterwards, also when the step fails."""

import gc

import pytest

from esely_graph.collector import THRESHOLD, calmed


def test_a_calmed_step_runs_with_the_higher_threshold_and_puts_the_old_one_back():
    before = gc.get_threshold()
    seen = []
    step = calmed(lambda x: seen.append(gc.get_threshold()) or x * 2)
    assert step(21) == 42 and seen == [THRESHOLD] and gc.get_threshold() == before

    @calmed
    def failing():
        raise ValueError("bad input")

    with pytest.raises(ValueError):
        failing()
    assert gc.get_threshold() == before


def test_validation_and_the_site_are_calmed():
    from esely_graph.site import build_site
    from esely_graph.validate.incremental import validate_incremental

    assert build_site.__wrapped__ and validate_incremental.__wrapped__
