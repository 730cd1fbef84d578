"""The bench's one-town edits: the title line, and two measures changed (a new version of a plan whose links and
figures change)."""

from esely_graph.bench.update import change_one_town, edit_measures
from esely_graph.layout import Layout

HEAD = ("Intézkedés sorszáma\tAz intézkedés címe\tA helyzetelemzés következtetéseiben feltárt probléma megnevezése\t"
        "Az intézkedés felelőse\tAz intézkedés megvalósításának határideje")
PLAN = ["2. Összegző táblázat – HEP IT", "", "\tA\tB\tC\tD", HEAD, "I. Mélyszegénységben élők\t\t\t\t",
        "1\tAdósságkezelés\tsok a hátralékos háztartás\tjegyző\t2025. június 30.",
        "2\tTanoda\tmagas a lemorzsolódás\tpolgármester\t2027. II. félév",
        "3\tBölcsőde\tkevés a férőhely\tjegyző\tfolyamatos"]


def test_the_first_measure_takes_the_seconds_problem_and_the_second_loses_its_deadline():
    lines = list(PLAN)
    assert edit_measures(lines)
    assert lines[5] == "1\tAdósságkezelés\tmagas a lemorzsolódás\tjegyző\t2025. június 30."
    assert lines[6] == "2\tTanoda\tmagas a lemorzsolódás\tpolgármester\t"
    assert lines[:5] == PLAN[:5] and lines[7] == PLAN[7]
    assert not edit_measures(lines)  # made already


def test_a_table_without_the_header_or_two_measures_is_not_edited():
    assert not edit_measures(["Cím", "1\ta\tb", "2\tc\td"])  # no problem / deadline header
    assert not edit_measures([HEAD, "1\tA\tegy\tjegyző\t2025"])  # one measure only
    assert not edit_measures([HEAD, "I. szakasz", "Megjegyzés\t\t\t\t"])  # no numbered row


def test_change_one_town_skips_a_plan_it_cannot_edit_and_names_the_town(tmp_path):
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    (data / "sources" / "a.tsv").write_text("Cím\n1\ta\n", encoding="utf-8")
    (data / "sources" / "b.tsv").write_text("\n".join(PLAN), encoding="utf-8")
    (data / "sources.toml").write_text(
        "".join(f'[[document]]\nid = "{t}-it"\nfile = "sources/{t}.tsv"\nkind = "hep-action-plan"\n'
                f'municipality = "{town}"\ntitle = "HEP IT"\nyear = 2024\n\n' for t, town in (("a", "alfa"),
                                                                                         ("b", "beta"))),
        encoding="utf-8")
    lay = Layout.of(tmp_path)
    assert change_one_town(lay, "measures") == "beta"
    assert (data / "sources" / "b.tsv").read_text(encoding="utf-8").split("\n")[6].endswith("\tpolgármester\t")
    assert change_one_town(lay, "title") == "alfa"
    assert (data / "sources" / "a.tsv").read_text(encoding="utf-8").startswith("Cím – módosított változat\n")
