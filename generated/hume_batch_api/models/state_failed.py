from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError

T = TypeVar("T", bound="StateFailed")


@_attrs_define
class StateFailed:
    """
    Attributes:
        status (Literal['FAILED']):
        created_timestamp_ms (int):
        started_timestamp_ms (int):
        ended_timestamp_ms (int):
        message (str): Why the job failed.
    """

    status: Literal["FAILED"]
    created_timestamp_ms: int
    started_timestamp_ms: int
    ended_timestamp_ms: int
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        created_timestamp_ms = self.created_timestamp_ms

        started_timestamp_ms = self.started_timestamp_ms

        ended_timestamp_ms = self.ended_timestamp_ms

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "created_timestamp_ms": created_timestamp_ms,
                "started_timestamp_ms": started_timestamp_ms,
                "ended_timestamp_ms": ended_timestamp_ms,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            status = cast(Literal["FAILED"], d.pop("status"))
            if status != "FAILED":
                raise ValueError(f"status must match const 'FAILED', got '{status}'")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("status", exc) from None

        try:
            created_timestamp_ms = d.pop("created_timestamp_ms")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("created_timestamp_ms", exc) from None

        try:
            started_timestamp_ms = d.pop("started_timestamp_ms")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("started_timestamp_ms", exc) from None

        try:
            ended_timestamp_ms = d.pop("ended_timestamp_ms")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("ended_timestamp_ms", exc) from None

        try:
            message = d.pop("message")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("message", exc) from None

        state_failed = cls(
            status=status,
            created_timestamp_ms=created_timestamp_ms,
            started_timestamp_ms=started_timestamp_ms,
            ended_timestamp_ms=ended_timestamp_ms,
            message=message,
        )

        state_failed.additional_properties = d
        return state_failed

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
