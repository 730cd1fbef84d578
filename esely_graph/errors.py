"""User-facing errors: what went wrong, where, and what was expected."""

from __future__ import annotations


class EselyError(Exception):
    """An error caused by input or usage, reported without a traceback."""


class SourceError(EselyError):
    """A source file that does not fit its importer."""

    def __init__(self, path: str, line: int | None, column: int | None, message: str):
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        where = path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")
