from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.emotion_score import EmotionScore
    from ..models.time_interval import TimeInterval


T = TypeVar("T", bound="ProsodyPrediction")


@_attrs_define
class ProsodyPrediction:
    """
    Attributes:
        time (TimeInterval): Seconds from the start of the media.
        emotions (list[EmotionScore]):
        text (None | str | Unset):
        confidence (float | None | Unset):
        speaker_confidence (float | None | Unset):
    """

    time: TimeInterval
    emotions: list[EmotionScore]
    text: None | str | Unset = UNSET
    confidence: float | None | Unset = UNSET
    speaker_confidence: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        time = self.time.to_dict()

        emotions = []
        for componentsschemas_emotion_scores_item_data in self.emotions:
            componentsschemas_emotion_scores_item = componentsschemas_emotion_scores_item_data.to_dict()
            emotions.append(componentsschemas_emotion_scores_item)

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        confidence: float | None | Unset
        if isinstance(self.confidence, Unset):
            confidence = UNSET
        else:
            confidence = self.confidence

        speaker_confidence: float | None | Unset
        if isinstance(self.speaker_confidence, Unset):
            speaker_confidence = UNSET
        else:
            speaker_confidence = self.speaker_confidence

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "time": time,
                "emotions": emotions,
            }
        )
        if text is not UNSET:
            field_dict["text"] = text
        if confidence is not UNSET:
            field_dict["confidence"] = confidence
        if speaker_confidence is not UNSET:
            field_dict["speaker_confidence"] = speaker_confidence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.emotion_score import EmotionScore  # noqa: PLC0415
        from ..models.time_interval import TimeInterval  # noqa: PLC0415

        d = dict(src_dict)
        try:
            time = TimeInterval.from_dict(d.pop("time"))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("time", exc) from None

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

            def _parse_text(data: object) -> None | str | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(None | str | Unset, data)

            text = _parse_text(d.pop("text", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("text", exc) from None

        try:

            def _parse_confidence(data: object) -> float | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(float | None | Unset, data)

            confidence = _parse_confidence(d.pop("confidence", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("confidence", exc) from None

        try:

            def _parse_speaker_confidence(data: object) -> float | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(float | None | Unset, data)

            speaker_confidence = _parse_speaker_confidence(d.pop("speaker_confidence", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("speaker_confidence", exc) from None

        prosody_prediction = cls(
            time=time,
            emotions=emotions,
            text=text,
            confidence=confidence,
            speaker_confidence=speaker_confidence,
        )

        prosody_prediction.additional_properties = d
        return prosody_prediction

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
