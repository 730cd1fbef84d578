"""``python -m esely_graph`` runs the command line."""

from .cli import main

main()
