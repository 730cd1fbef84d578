"""Where things are: one ``Layout`` value, built once from the command line and passed down.

The user's project (``--project DIR``, default the current directory) holds ``data/``
(``sources.toml``, ``sources/``, ``vocab/``, ``links.toml``, ``ttl/``) and ``out/``.
The program's own resources — ``queries/``, ``shapes/``, ``ontology/`` — ship inside the
package (``esely_graph/resources``: symbolic links in a checkout, copies in a wheel), so an
installed ``esely-graph`` works from any directory.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .errors import EselyError

RESOURCES = Path(__file__).resolve().parent / "resources"
SHARED_TTL = ("ontology.ttl", "target-groups.ttl", "organisations.ttl", "settlements.ttl", "strategies.ttl", "programmes.ttl",
              "links.ttl")


def resource(name: str) -> Path:
    """A directory the program ships: ``queries``, ``shapes`` or ``ontology``."""
    return RESOURCES / name


@dataclass(frozen=True)
class Layout:
    data: Path
    ttl: Path
    out: Path
    queries: Path = resource("queries")
    shapes: Path = resource("shapes")
    ontology: Path = resource("ontology")

    @property
    def manifest(self) -> Path:
        return self.data / "sources.toml"

    @property
    def sources(self) -> Path:
        return self.data / "sources"

    @property
    def vocab(self) -> Path:
        return self.data / "vocab"

    @property
    def links_file(self) -> Path:
        return self.data / "links.toml"

    @property
    def store(self) -> Path:
        return self.out / "store"

    @classmethod
    def of(cls, project: Path | None = None, *, data: Path | None = None, ttl: Path | None = None,
           out: Path | None = None) -> "Layout":
        """The layout of ``project`` (default: the current directory), with any part overridden."""
        root = Path(project) if project is not None else Path.cwd()
        data = Path(data) if data is not None else root / "data"
        return cls(data=data, ttl=Path(ttl) if ttl is not None else data / "ttl",
                   out=Path(out) if out is not None else root / "out")

    def with_(self, **changes) -> "Layout":
        return replace(self, **{k: Path(v) for k, v in changes.items() if v is not None})

    def require_sources(self) -> None:
        if not self.manifest.is_file():
            raise EselyError(f"no manifest at {self.manifest}: run in a project directory (one with data/sources.toml) "
                             f"or give --project DIR / --sources DIR")

    def require_graph(self) -> None:
        if not self.ttl.is_dir() or not any(self.ttl.glob("*.ttl")):
            raise EselyError(f"no built graph in {self.ttl}: run `esely-graph build` first, "
                             f"or give --project DIR / --data DIR")
