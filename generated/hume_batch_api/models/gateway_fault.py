from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError

if TYPE_CHECKING:
    from ..models.gateway_fault_fault import GatewayFaultFault


T = TypeVar("T", bound="GatewayFault")


@_attrs_define
class GatewayFault:
    """The API gateway's body for a missing or invalid key.

    Attributes:
        fault (GatewayFaultFault):
    """

    fault: GatewayFaultFault
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fault = self.fault.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fault": fault,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gateway_fault_fault import GatewayFaultFault  # noqa: PLC0415

        d = dict(src_dict)
        try:
            fault = GatewayFaultFault.from_dict(d.pop("fault"))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("fault", exc) from None

        gateway_fault = cls(
            fault=fault,
        )

        gateway_fault.additional_properties = d
        return gateway_fault

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
