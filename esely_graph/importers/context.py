"""What importers may consult besides their file: target groups and owner names."""

from __future__ import annotations

from dataclasses import dataclass

from ..normalise.names import Gazetteer
from ..normalise.target_groups import TargetGroupMatcher


@dataclass(frozen=True)
class ImportContext:
    target_groups: TargetGroupMatcher
    owners: Gazetteer

    def names_owners_only(self, text: str) -> bool:
        """True when every word of the text is part of a known owner name."""
        segments = self.owners.segment(text)
        return bool(segments) and all(s.entry is not None for s in segments)
