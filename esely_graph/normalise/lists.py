"""Lists written in one cell."""


def split_indicators(text: str) -> list[str]:
    """Split an indicator cell on top-level commas (not inside brackets)."""
    parts, depth, buf = [], 0, ""
    for ch in text:
        depth += ch in "([" and 1 or 0
        depth -= ch in ")]" and 1 or 0
        if ch == "," and depth <= 0:
            parts.append(buf)
            buf = ""
        else:
            buf += ch
    parts.append(buf)
    return [p.strip() for p in parts if p.strip(" -")]

