from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bounding_box import BoundingBox
    from ..models.emotion_score import EmotionScore
    from ..models.score import Score


T = TypeVar("T", bound="FacePrediction")


@_attrs_define
class FacePrediction:
    """
    Attributes:
        frame (int):
        time (float): Seconds from the start of the media.
        prob (float):
        box (BoundingBox): Face box in pixels; (x, y) is the top-left corner.
        emotions (list[EmotionScore]):
        facs (list[Score] | None | Unset):
        descriptions (list[Score] | None | Unset):
    """

    frame: int
    time: float
    prob: float
    box: BoundingBox
    emotions: list[EmotionScore]
    facs: list[Score] | None | Unset = UNSET
    descriptions: list[Score] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        frame = self.frame

        time = self.time

        prob = self.prob

        box = self.box.to_dict()

        emotions = []
        for componentsschemas_emotion_scores_item_data in self.emotions:
            componentsschemas_emotion_scores_item = componentsschemas_emotion_scores_item_data.to_dict()
            emotions.append(componentsschemas_emotion_scores_item)

        facs: list[dict[str, Any]] | None | Unset
        if isinstance(self.facs, Unset):
            facs = UNSET
        elif isinstance(self.facs, list):
            facs = []
            for componentsschemas_scores_item_data in self.facs:
                componentsschemas_scores_item = componentsschemas_scores_item_data.to_dict()
                facs.append(componentsschemas_scores_item)

        else:
            facs = self.facs

        descriptions: list[dict[str, Any]] | None | Unset
        if isinstance(self.descriptions, Unset):
            descriptions = UNSET
        elif isinstance(self.descriptions, list):
            descriptions = []
            for componentsschemas_scores_item_data in self.descriptions:
                componentsschemas_scores_item = componentsschemas_scores_item_data.to_dict()
                descriptions.append(componentsschemas_scores_item)

        else:
            descriptions = self.descriptions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "frame": frame,
                "time": time,
                "prob": prob,
                "box": box,
                "emotions": emotions,
            }
        )
        if facs is not UNSET:
            field_dict["facs"] = facs
        if descriptions is not UNSET:
            field_dict["descriptions"] = descriptions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bounding_box import BoundingBox  # noqa: PLC0415
        from ..models.emotion_score import EmotionScore  # noqa: PLC0415
        from ..models.score import Score  # noqa: PLC0415

        d = dict(src_dict)
        frame = d.pop("frame")

        time = d.pop("time")

        prob = d.pop("prob")

        box = BoundingBox.from_dict(d.pop("box"))

        emotions = []
        _emotions = d.pop("emotions")
        for componentsschemas_emotion_scores_item_data in _emotions:
            componentsschemas_emotion_scores_item = EmotionScore.from_dict(componentsschemas_emotion_scores_item_data)

            emotions.append(componentsschemas_emotion_scores_item)

        def _parse_facs(data: object) -> list[Score] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                facs_type_0 = []
                _facs_type_0 = data
                for componentsschemas_scores_item_data in _facs_type_0:
                    componentsschemas_scores_item = Score.from_dict(componentsschemas_scores_item_data)

                    facs_type_0.append(componentsschemas_scores_item)

                return facs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Score] | None | Unset, data)

        facs = _parse_facs(d.pop("facs", UNSET))

        def _parse_descriptions(data: object) -> list[Score] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                descriptions_type_0 = []
                _descriptions_type_0 = data
                for componentsschemas_scores_item_data in _descriptions_type_0:
                    componentsschemas_scores_item = Score.from_dict(componentsschemas_scores_item_data)

                    descriptions_type_0.append(componentsschemas_scores_item)

                return descriptions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Score] | None | Unset, data)

        descriptions = _parse_descriptions(d.pop("descriptions", UNSET))

        face_prediction = cls(
            frame=frame,
            time=time,
            prob=prob,
            box=box,
            emotions=emotions,
            facs=facs,
            descriptions=descriptions,
        )

        face_prediction.additional_properties = d
        return face_prediction

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
