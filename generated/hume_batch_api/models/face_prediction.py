from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
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
        try:
            frame = d.pop("frame")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("frame", exc) from None

        try:
            time = d.pop("time")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("time", exc) from None

        try:
            prob = d.pop("prob")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("prob", exc) from None

        try:
            box = BoundingBox.from_dict(d.pop("box"))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("box", exc) from None

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

        try:

            def _parse_facs(data: object) -> list[Score] | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, list):
                    raise TypeError(f"expected list[Score], got {type(data).__name__}")
                facs_type_0 = []
                _facs_type_0 = data
                for componentsschemas_scores_item_data_index, componentsschemas_scores_item_data in enumerate(
                    _facs_type_0
                ):
                    try:
                        componentsschemas_scores_item = Score.from_dict(componentsschemas_scores_item_data)

                    except (TypeError, ValueError, AttributeError, KeyError) as exc:
                        from hume_batch_api.errors import (
                            ResponseShapeError as _ShapeError,  # noqa: PLC0415
                        )

                        raise _ShapeError.at(componentsschemas_scores_item_data_index, exc) from None
                    facs_type_0.append(componentsschemas_scores_item)

                return facs_type_0

            facs = _parse_facs(d.pop("facs", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("facs", exc) from None

        try:

            def _parse_descriptions(data: object) -> list[Score] | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, list):
                    raise TypeError(f"expected list[Score], got {type(data).__name__}")
                descriptions_type_0 = []
                _descriptions_type_0 = data
                for componentsschemas_scores_item_data_index, componentsschemas_scores_item_data in enumerate(
                    _descriptions_type_0
                ):
                    try:
                        componentsschemas_scores_item = Score.from_dict(componentsschemas_scores_item_data)

                    except (TypeError, ValueError, AttributeError, KeyError) as exc:
                        from hume_batch_api.errors import (
                            ResponseShapeError as _ShapeError,  # noqa: PLC0415
                        )

                        raise _ShapeError.at(componentsschemas_scores_item_data_index, exc) from None
                    descriptions_type_0.append(componentsschemas_scores_item)

                return descriptions_type_0

            descriptions = _parse_descriptions(d.pop("descriptions", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("descriptions", exc) from None

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
