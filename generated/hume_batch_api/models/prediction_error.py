from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError

T = TypeVar("T", bound="PredictionError")


@_attrs_define
class PredictionError:
    """
    Attributes:
        message (str):
        file (str): A file path relative to the top-level source.
    """

    message: str
    file: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        file = self.file

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
                "file": file,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            message = d.pop("message")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("message", exc) from None

        try:
            file = d.pop("file")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("file", exc) from None

        prediction_error = cls(
            message=message,
            file=file,
        )

        prediction_error.additional_properties = d
        return prediction_error

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
