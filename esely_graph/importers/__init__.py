"""One importer per source kind. Each reads a file into plain records (records.py)."""
