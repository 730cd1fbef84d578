"""esely-graph: a knowledge graph of Hungarian local equal-opportunity plans."""

__version__ = "0.1.0"
