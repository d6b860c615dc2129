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

T = TypeVar("T", bound="SourceUrl")


@_attrs_define
class SourceUrl:
    """
    Attributes:
        type_ (Literal['url']):
        url (str):
    """

    type_: Literal["url"]
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            type_ = cast(Literal["url"], d.pop("type"))
            if type_ != "url":
                raise ValueError(f"type must match const 'url', got '{type_}'")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("type", exc) from None

        try:
            url = d.pop("url")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("url", exc) from None

        source_url = cls(
            type_=type_,
            url=url,
        )

        source_url.additional_properties = d
        return source_url

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
