"""placeholder"""

from __future__ import annotations

from ._common import Section, Skip


def run(section: Section, *, quick: bool = False) -> None:
    raise Skip("not written yet")
