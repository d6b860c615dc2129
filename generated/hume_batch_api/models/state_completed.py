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

T = TypeVar("T", bound="StateCompleted")


@_attrs_define
class StateCompleted:
    """
    Attributes:
        status (Literal['COMPLETED']):
        created_timestamp_ms (int):
        started_timestamp_ms (int):
        ended_timestamp_ms (int): Unix time (ms) processing ended.
        num_predictions (int): Number of predictions produced.
        num_errors (int): Number of per-file errors.
    """

    status: Literal["COMPLETED"]
    created_timestamp_ms: int
    started_timestamp_ms: int
    ended_timestamp_ms: int
    num_predictions: int
    num_errors: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        created_timestamp_ms = self.created_timestamp_ms

        started_timestamp_ms = self.started_timestamp_ms

        ended_timestamp_ms = self.ended_timestamp_ms

        num_predictions = self.num_predictions

        num_errors = self.num_errors

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "created_timestamp_ms": created_timestamp_ms,
                "started_timestamp_ms": started_timestamp_ms,
                "ended_timestamp_ms": ended_timestamp_ms,
                "num_predictions": num_predictions,
                "num_errors": num_errors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            status = cast(Literal["COMPLETED"], d.pop("status"))
            if status != "COMPLETED":
                raise ValueError(f"status must match const 'COMPLETED', got '{status}'")
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
            num_predictions = d.pop("num_predictions")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("num_predictions", exc) from None

        try:
            num_errors = d.pop("num_errors")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("num_errors", exc) from None

        state_completed = cls(
            status=status,
            created_timestamp_ms=created_timestamp_ms,
            started_timestamp_ms=started_timestamp_ms,
            ended_timestamp_ms=ended_timestamp_ms,
            num_predictions=num_predictions,
            num_errors=num_errors,
        )

        state_completed.additional_properties = d
        return state_completed

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
