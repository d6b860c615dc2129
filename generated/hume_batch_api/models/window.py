from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Window")


@_attrs_define
class Window:
    """Sliding window for prosody, in seconds.

    Attributes:
        length (float | Unset):  Default: 4.0.
        step (float | Unset):  Default: 1.0.
    """

    length: float | Unset = 4.0
    step: float | Unset = 1.0

    def to_dict(self) -> dict[str, Any]:
        length = self.length

        step = self.step

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if length is not UNSET:
            field_dict["length"] = length
        if step is not UNSET:
            field_dict["step"] = step

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        length = d.pop("length", UNSET)

        step = d.pop("step", UNSET)

        window = cls(
            length=length,
            step=step,
        )

        return window
