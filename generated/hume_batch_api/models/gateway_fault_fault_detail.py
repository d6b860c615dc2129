from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayFaultFaultDetail")


@_attrs_define
class GatewayFaultFaultDetail:
    """
    Attributes:
        errorcode (str | Unset):
    """

    errorcode: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        errorcode = self.errorcode

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if errorcode is not UNSET:
            field_dict["errorcode"] = errorcode

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            errorcode = d.pop("errorcode", UNSET)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("errorcode", exc) from None

        gateway_fault_fault_detail = cls(
            errorcode=errorcode,
        )

        gateway_fault_fault_detail.additional_properties = d
        return gateway_fault_fault_detail

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
