"""SHACL validation with findings an officer can act on, as one sh:ValidationReport.

Two engines, the same findings: ``fast`` (default; ``compile``/``checks`` turn the shapes into SPARQL,
``fast``/``fast_run`` run them once on Oxigraph over the whole graph) and ``pyshacl`` (the reference):

- ``shapes``: the shapes, parsed once per process, set to the run's day (one clock: ``--as-of``);
- ``units``: one unit per document with only the vocabulary nodes it references, plus the vocabularies;
- ``whole_graph``: constraints that look at every triple, run once on Oxigraph;
- ``run``: units in parallel (one process per core by default), merged into one report;
- ``findings``: each result with its source file:line and original text; ``output``: text and JSON.
"""

from .findings import RANK, SEVERITIES, VOCABULARY, Finding, Report
from .output import LABELS, format_json, format_text, short
from .run import validate, validate_unit
from .units import units

__all__ = ["Finding", "Report", "RANK", "SEVERITIES", "VOCABULARY", "LABELS", "format_json", "format_text",
           "short", "validate", "validate_unit", "units"]
