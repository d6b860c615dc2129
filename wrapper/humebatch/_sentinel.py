"""`NOT_GIVEN`: an argument left out, apart from ``None`` (which means null, or "no limit")."""

from __future__ import annotations

from typing import Final, Literal


class NotGiven:
    """The type of `NOT_GIVEN`: an argument left out (unlike ``None``, which means "none")."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()
