from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.models_predictions import ModelsPredictions


T = TypeVar("T", bound="InferencePrediction")


@_attrs_define
class InferencePrediction:
    """
    Attributes:
        file (str): Path inside the source (archive member, upload name, or 1-based text index).
        models (ModelsPredictions):
    """

    file: str
    models: ModelsPredictions
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file

        models = self.models.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
                "models": models,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.models_predictions import ModelsPredictions  # noqa: PLC0415

        d = dict(src_dict)
        file = d.pop("file")

        models = ModelsPredictions.from_dict(d.pop("models"))

        inference_prediction = cls(
            file=file,
            models=models,
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
