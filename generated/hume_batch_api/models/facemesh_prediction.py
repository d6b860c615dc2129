from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError

if TYPE_CHECKING:
    from ..models.emotion_score import EmotionScore


T = TypeVar("T", bound="FacemeshPrediction")


@_attrs_define
class FacemeshPrediction:
    """
    Attributes:
        emotions (list[EmotionScore]):
    """

    emotions: list[EmotionScore]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        emotions = []
        for componentsschemas_emotion_scores_item_data in self.emotions:
            componentsschemas_emotion_scores_item = componentsschemas_emotion_scores_item_data.to_dict()
            emotions.append(componentsschemas_emotion_scores_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "emotions": emotions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.emotion_score import EmotionScore  # noqa: PLC0415

        d = dict(src_dict)
        try:
            emotions = []
            _emotions = d.pop("emotions")
            for (
                componentsschemas_emotion_scores_item_data_index,
                componentsschemas_emotion_scores_item_data,
            ) in enumerate(_emotions):
                try:
                    componentsschemas_emotion_scores_item = EmotionScore.from_dict(
                        componentsschemas_emotion_scores_item_data
                    )

                except (TypeError, ValueError, AttributeError, KeyError) as exc:
                    from hume_batch_api.errors import ResponseShapeError as _ShapeError  # noqa: PLC0415

                    raise _ShapeError.at(componentsschemas_emotion_scores_item_data_index, exc) from None
                emotions.append(componentsschemas_emotion_scores_item)

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("emotions", exc) from None

        facemesh_prediction = cls(
            emotions=emotions,
        )

        facemesh_prediction.additional_properties = d
        return facemesh_prediction

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
