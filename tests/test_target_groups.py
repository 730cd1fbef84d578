import pytest

from esely_graph.normalise.target_groups import TargetGroupMatcher
from conftest import ROOT

M = TargetGroupMatcher.from_file(ROOT / "ontology" / "target-groups.ttl")

CASES = [
    ("A fogyatékkal élők, valamint a pszichiátriai és szenvedélybetegek esélyegyenlősége",
     ["fogyatekkal-elok", "pszichiatriai-es-szenvedelybetegek"]),
    ("A mélyszegénységben élők esélyegyenlősége", ["melyszegenysegben-elok"]),
    ("I. A mélyszegénységben élők és a romák esélyegyenlősége", ["melyszegenyseg-romak"]),
    ("A roma közösség helyzete", ["roma-kozosseg"]),
    ("Idősek esélyegyenlősége", ["idosek"]),
    ("II. A gyermekek esélyegyenlősége", ["gyermekek"]),
    ("Nők esélyegyenlősége", ["nok"]),
    ("V. A fogyatékossgal élő személyek esélyegyenlősége", ["fogyatekkal-elok"]),
    ("A szexuális és nemi kisebbségek esélyegyenlősége", ["lmbtq"]),
    ("Nemzetiségek", ["nemzetisegek"]),
    ("Bevándorlók és menekültek esélyegyenlősége", ["bevandorlok-es-menekultek"]),
    ("Egyházak", ["egyhazak"]),
    ("Civil szervezetek", ["civil-szervezetek"]),
    ("0. Településszintű probléma", ["telepulesszint"]),
    ("Időügyi kerekasztal", []),
    ("Támogatószolgálat létesítése", []),
]


@pytest.mark.parametrize("heading,expected", CASES)
def test_heading_to_target_groups(heading, expected):
    assert [str(c).rsplit("/", 1)[1] for c in M.match(heading)] == expected
