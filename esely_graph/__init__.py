"""esely-graph: a knowledge graph of Hungarian local equal-opportunity plans."""

__version__ = "0.1.0"

from pathlib import Path as _Path


def project_root() -> _Path:
    """The checkout this package runs from (data/, ontology/, shapes/, queries/ live there)."""
    return _Path(__file__).resolve().parent.parent
