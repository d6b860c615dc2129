from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

T = TypeVar("T", bound="Window")


@_attrs_define
class Window:
    """Sliding window for prosody, in seconds.

    Attributes:
        length (float | None | Unset):  Default: 4.0.
        step (float | None | Unset):  Default: 1.0.
    """

    length: float | None | Unset = 4.0
    step: float | None | Unset = 1.0

    def to_dict(self) -> dict[str, Any]:
        length: float | None | Unset
        if isinstance(self.length, Unset):
            length = UNSET
        else:
            length = self.length

        step: float | None | Unset
        if isinstance(self.step, Unset):
            step = UNSET
        else:
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
        try:

            def _parse_length(data: object) -> float | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(float | None | Unset, data)

            length = _parse_length(d.pop("length", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("length", exc) from None

        try:

            def _parse_step(data: object) -> float | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(float | None | Unset, data)

            step = _parse_step(d.pop("step", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("step", exc) from None

        window = cls(
            length=length,
            step=step,
        )

        return window
