from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.models_predictions import ModelsPredictions


T = TypeVar("T", bound="InferencePrediction")


@_attrs_define
class InferencePrediction:
    """
    Attributes:
        file (str): Path inside the source (archive member, upload name, or 1-based text index).
        models (ModelsPredictions):
        file_type (None | str | Unset): The kind of input (`text` in a real answer for a text job; Hume's definition
            types it on `TlInferencePrediction` only).
    """

    file: str
    models: ModelsPredictions
    file_type: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file

        models = self.models.to_dict()

        file_type: None | str | Unset
        if isinstance(self.file_type, Unset):
            file_type = UNSET
        else:
            file_type = self.file_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
                "models": models,
            }
        )
        if file_type is not UNSET:
            field_dict["file_type"] = file_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.models_predictions import ModelsPredictions  # noqa: PLC0415

        d = dict(src_dict)
        try:
            file = d.pop("file")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("file", exc) from None

        try:
            models = ModelsPredictions.from_dict(d.pop("models"))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("models", exc) from None

        try:

            def _parse_file_type(data: object) -> None | str | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(None | str | Unset, data)

            file_type = _parse_file_type(d.pop("file_type", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("file_type", exc) from None

        inference_prediction = cls(
            file=file,
            models=models,
            file_type=file_type,
        )

        inference_prediction.additional_properties = d
        return inference_prediction

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
