"""Line and column numbers, which exist only for display."""
from __future__ import annotations

import bisect
import re


class LineIndex:
    """Turn code-point offsets into 1-based line and column numbers."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1
