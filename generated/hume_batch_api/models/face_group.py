from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError

if TYPE_CHECKING:
    from ..models.face_prediction import FacePrediction


T = TypeVar("T", bound="FaceGroup")


@_attrs_define
class FaceGroup:
    """
    Attributes:
        id (str): `unknown` unless identify_faces is on.
        predictions (list[FacePrediction]):
    """

    id: str
    predictions: list[FacePrediction]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        predictions = []
        for predictions_item_data in self.predictions:
            predictions_item = predictions_item_data.to_dict()
            predictions.append(predictions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "predictions": predictions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.face_prediction import FacePrediction  # noqa: PLC0415

        d = dict(src_dict)
        try:
            id = d.pop("id")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("id", exc) from None

        try:
            predictions = []
            _predictions = d.pop("predictions")
            for predictions_item_data_index, predictions_item_data in enumerate(_predictions):
                try:
                    predictions_item = FacePrediction.from_dict(predictions_item_data)

                except (TypeError, ValueError, AttributeError, KeyError) as exc:
                    from hume_batch_api.errors import ResponseShapeError as _ShapeError  # noqa: PLC0415

                    raise _ShapeError.at(predictions_item_data_index, exc) from None
                predictions.append(predictions_item)

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("predictions", exc) from None

        face_group = cls(
            id=id,
            predictions=predictions,
        )

        face_group.additional_properties = d
        return face_group

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
