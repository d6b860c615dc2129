from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.language_group import LanguageGroup
    from ..models.transcription_metadata import TranscriptionMetadata


T = TypeVar("T", bound="LanguageModelResult")


@_attrs_define
class LanguageModelResult:
    """
    Attributes:
        grouped_predictions (list[LanguageGroup]):
        metadata (None | TranscriptionMetadata | Unset):
    """

    grouped_predictions: list[LanguageGroup]
    metadata: None | TranscriptionMetadata | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.transcription_metadata import TranscriptionMetadata  # noqa: PLC0415

        grouped_predictions = []
        for grouped_predictions_item_data in self.grouped_predictions:
            grouped_predictions_item = grouped_predictions_item_data.to_dict()
            grouped_predictions.append(grouped_predictions_item)

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, TranscriptionMetadata):
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
        from ..models.language_group import LanguageGroup  # noqa: PLC0415
        from ..models.transcription_metadata import TranscriptionMetadata  # noqa: PLC0415

        d = dict(src_dict)
        try:
            grouped_predictions = []
            _grouped_predictions = d.pop("grouped_predictions")
            for grouped_predictions_item_data_index, grouped_predictions_item_data in enumerate(_grouped_predictions):
                try:
                    grouped_predictions_item = LanguageGroup.from_dict(grouped_predictions_item_data)

                except (TypeError, ValueError, AttributeError, KeyError) as exc:
                    from hume_batch_api.errors import ResponseShapeError as _ShapeError  # noqa: PLC0415

                    raise _ShapeError.at(grouped_predictions_item_data_index, exc) from None
                grouped_predictions.append(grouped_predictions_item)

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("grouped_predictions", exc) from None

        try:

            def _parse_metadata(data: object) -> None | TranscriptionMetadata | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected TranscriptionMetadata, got {type(data).__name__}")
                metadata_type_0 = TranscriptionMetadata.from_dict(data)

                return metadata_type_0

            metadata = _parse_metadata(d.pop("metadata", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("metadata", exc) from None

        language_model_result = cls(
            grouped_predictions=grouped_predictions,
            metadata=metadata,
        )

        language_model_result.additional_properties = d
        return language_model_result

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
