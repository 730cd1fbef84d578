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


def test_every_step_that_reads_a_large_kept_state_is_calmed():
    from esely_graph.analytics_towns import national_analytics
    from esely_graph.catalogue import national_results
    from esely_graph.report import build_report
    from esely_graph.site import build_site
    from esely_graph.stats_units import national_stats
    from esely_graph.validate.incremental import validate_incremental

    for step in (build_site, validate_incremental, national_results, national_stats, national_analytics, build_report):
        assert step.__wrapped__, step


def test_a_state_is_read_with_the_collector_paused_and_it_is_put_back(monkeypatch, tmp_path):
    import marshal

    from esely_graph import state_file

    seen = []
    real = marshal.loads
    monkeypatch.setattr(state_file.marshal, "loads", lambda data: seen.append(gc.isenabled()) or real(data))
    state_file.save(tmp_path / "s.marshal", {"format": 3, "rows": [[1, "a"]] * 10})
    assert state_file.load(tmp_path / "s.marshal", 3) == {"format": 3, "rows": [[1, "a"]] * 10}
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:  # a collector the caller paused stays paused
        assert state_file.loads(marshal.dumps([1])) == [1] and not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ValueError):
        state_file.loads(b"\xff not marshal")
    assert gc.isenabled()
