from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError

T = TypeVar("T", bound="StateUnknown")


@_attrs_define
class StateUnknown:
    """A status this file does not list (kept with all its fields); not finished.

    Attributes:
        status (str):
        created_timestamp_ms (int):
    """

    status: str
    created_timestamp_ms: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        created_timestamp_ms = self.created_timestamp_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "created_timestamp_ms": created_timestamp_ms,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            status = d.pop("status")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("status", exc) from None

        try:
            created_timestamp_ms = d.pop("created_timestamp_ms")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("created_timestamp_ms", exc) from None

        state_unknown = cls(
            status=status,
            created_timestamp_ms=created_timestamp_ms,
        )

        state_unknown.additional_properties = d
        return state_unknown

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
