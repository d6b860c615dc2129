from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.burst_group import BurstGroup
    from ..models.null_metadata_type_1 import NullMetadataType1


T = TypeVar("T", bound="BurstModelResult")


@_attrs_define
class BurstModelResult:
    """
    Attributes:
        grouped_predictions (list[BurstGroup]):
        metadata (None | NullMetadataType1 | Unset): Metadata of the face, burst and facemesh models: `null` in every
            answer seen; Hume's definition types it `Null`, an object ("value will be null"), so an object reads too.
    """

    grouped_predictions: list[BurstGroup]
    metadata: None | NullMetadataType1 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.null_metadata_type_1 import NullMetadataType1  # noqa: PLC0415

        grouped_predictions = []
        for grouped_predictions_item_data in self.grouped_predictions:
            grouped_predictions_item = grouped_predictions_item_data.to_dict()
            grouped_predictions.append(grouped_predictions_item)

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, NullMetadataType1):
            metadata = self.metadata.to_dict()
        else:
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
        from ..models.null_metadata_type_1 import NullMetadataType1  # noqa: PLC0415

        d = dict(src_dict)
        try:
            grouped_predictions = []
            _grouped_predictions = d.pop("grouped_predictions")
            for grouped_predictions_item_data_index, grouped_predictions_item_data in enumerate(_grouped_predictions):
                try:
                    grouped_predictions_item = BurstGroup.from_dict(grouped_predictions_item_data)

                except (TypeError, ValueError, AttributeError, KeyError) as exc:
                    from hume_batch_api.errors import ResponseShapeError as _ShapeError  # noqa: PLC0415

                    raise _ShapeError.at(grouped_predictions_item_data_index, exc) from None
                grouped_predictions.append(grouped_predictions_item)

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("grouped_predictions", exc) from None

        try:

            def _parse_metadata(data: object) -> None | NullMetadataType1 | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected NullMetadataType1, got {type(data).__name__}")
                componentsschemas_null_metadata_type_1 = NullMetadataType1.from_dict(data)

                return componentsschemas_null_metadata_type_1

            metadata = _parse_metadata(d.pop("metadata", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("metadata", exc) from None

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
