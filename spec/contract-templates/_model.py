"""The shapes of the contract: a `Schema` is a request object, a `Field` one of its values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final


class _Missing:
    """The marker of "no default" (``None`` is a default of its own: null)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()
_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Field:
    """One property of a request schema, or a parameter, or the items of an array.

    ``types`` are the JSON types allowed besides null (``number``, ``integer``, ``boolean``,
    ``string``, ``array``, ``object``); ``nullable`` says whether null is allowed too. ``ref``
    names the spec schema it points at (an object in `SCHEMAS`, or an enum in `ENUMS`).
    """

    name: str
    types: tuple[str, ...]
    nullable: bool = False
    required: bool = False
    ref: str | None = None
    enum: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    min_items: int | None = None
    max_items: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    format: str | None = None
    items: Field | None = None
    default: Any = MISSING
    description: str = ""
    extensions: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    location: str | None = None
    """``query`` or ``path`` for an operation's parameter; None for a body field."""

    @property
    def has_default(self) -> bool:
        """Whether the spec gives a default (which may be null)."""
        return self.default is not MISSING


@dataclass(frozen=True)
class Schema:
    """A request object: its fields, and whether keys it does not list are refused."""

    name: str
    closed: bool
    required: tuple[str, ...]
    description: str
    fields: Mapping[str, Field]
