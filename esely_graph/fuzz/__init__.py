"""Fuzzing the importers: mutation families and the harness (esely-graph fuzz)."""
