from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.burst_group import BurstGroup


T = TypeVar("T", bound="BurstModelResult")


@_attrs_define
class BurstModelResult:
    """
    Attributes:
        grouped_predictions (list[BurstGroup]):
        metadata (None | Unset):
    """

    grouped_predictions: list[BurstGroup]
    metadata: None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grouped_predictions = []
        for grouped_predictions_item_data in self.grouped_predictions:
            grouped_predictions_item = grouped_predictions_item_data.to_dict()
            grouped_predictions.append(grouped_predictions_item)

        metadata = self.metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grouped_predictions": grouped_predictions,
            }
        )
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.burst_group import BurstGroup  # noqa: PLC0415

        d = dict(src_dict)
        grouped_predictions = []
        _grouped_predictions = d.pop("grouped_predictions")
        for grouped_predictions_item_data in _grouped_predictions:
            grouped_predictions_item = BurstGroup.from_dict(grouped_predictions_item_data)

            grouped_predictions.append(grouped_predictions_item)

        metadata = d.pop("metadata", UNSET)

        burst_model_result = cls(
            grouped_predictions=grouped_predictions,
            metadata=metadata,
        )

        burst_model_result.additional_properties = d
        return burst_model_result

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
