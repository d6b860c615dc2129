from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_fault_fault_detail import GatewayFaultFaultDetail


T = TypeVar("T", bound="GatewayFaultFault")


@_attrs_define
class GatewayFaultFault:
    """
    Attributes:
        faultstring (str):
        detail (GatewayFaultFaultDetail | Unset):
    """

    faultstring: str
    detail: GatewayFaultFaultDetail | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        faultstring = self.faultstring

        detail: dict[str, Any] | Unset = UNSET
        if not isinstance(self.detail, Unset):
            detail = self.detail.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "faultstring": faultstring,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gateway_fault_fault_detail import GatewayFaultFaultDetail  # noqa: PLC0415

        d = dict(src_dict)
        try:
            faultstring = d.pop("faultstring")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("faultstring", exc) from None

        try:
            _detail = d.pop("detail", UNSET)
            detail: GatewayFaultFaultDetail | Unset
            if isinstance(_detail, Unset):
                detail = UNSET
            else:
                detail = GatewayFaultFaultDetail.from_dict(_detail)

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("detail", exc) from None

        gateway_fault_fault = cls(
            faultstring=faultstring,
            detail=detail,
        )

        gateway_fault_fault.additional_properties = d
        return gateway_fault_fault

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
