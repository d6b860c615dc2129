from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.emotion_score import EmotionScore
    from ..models.position_interval import PositionInterval
    from ..models.time_interval import TimeInterval


T = TypeVar("T", bound="NerPrediction")


@_attrs_define
class NerPrediction:
    """
    Attributes:
        entity (str):
        position (PositionInterval): Character offsets, begin inclusive, end exclusive.
        entity_confidence (float):
        support (float):
        uri (str):
        link_word (str):
        emotions (list[EmotionScore]):
        time (None | TimeInterval | Unset):
        confidence (float | None | Unset):
        speaker_confidence (float | None | Unset):
    """

    entity: str
    position: PositionInterval
    entity_confidence: float
    support: float
    uri: str
    link_word: str
    emotions: list[EmotionScore]
    time: None | TimeInterval | Unset = UNSET
    confidence: float | None | Unset = UNSET
    speaker_confidence: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.time_interval import TimeInterval  # noqa: PLC0415

        entity = self.entity

        position = self.position.to_dict()

        entity_confidence = self.entity_confidence

        support = self.support

        uri = self.uri

        link_word = self.link_word

        emotions = []
        for componentsschemas_emotion_scores_item_data in self.emotions:
            componentsschemas_emotion_scores_item = componentsschemas_emotion_scores_item_data.to_dict()
            emotions.append(componentsschemas_emotion_scores_item)

        time: dict[str, Any] | None | Unset
        if isinstance(self.time, Unset):
            time = UNSET
        elif isinstance(self.time, TimeInterval):
            time = self.time.to_dict()
        else:
            time = self.time

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
                "entity": entity,
                "position": position,
                "entity_confidence": entity_confidence,
                "support": support,
                "uri": uri,
                "link_word": link_word,
                "emotions": emotions,
            }
        )
        if time is not UNSET:
            field_dict["time"] = time
        if confidence is not UNSET:
            field_dict["confidence"] = confidence
        if speaker_confidence is not UNSET:
            field_dict["speaker_confidence"] = speaker_confidence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.emotion_score import EmotionScore  # noqa: PLC0415
        from ..models.position_interval import PositionInterval  # noqa: PLC0415
        from ..models.time_interval import TimeInterval  # noqa: PLC0415

        d = dict(src_dict)
        try:
            entity = d.pop("entity")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("entity", exc) from None

        try:
            position = PositionInterval.from_dict(d.pop("position"))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("position", exc) from None

        try:
            entity_confidence = d.pop("entity_confidence")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("entity_confidence", exc) from None

        try:
            support = d.pop("support")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("support", exc) from None

        try:
            uri = d.pop("uri")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("uri", exc) from None

        try:
            link_word = d.pop("link_word")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("link_word", exc) from None

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

            def _parse_time(data: object) -> None | TimeInterval | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected TimeInterval, got {type(data).__name__}")
                time_type_0 = TimeInterval.from_dict(data)

                return time_type_0

            time = _parse_time(d.pop("time", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("time", exc) from None

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

        ner_prediction = cls(
            entity=entity,
            position=position,
            entity_confidence=entity_confidence,
            support=support,
            uri=uri,
            link_word=link_word,
            emotions=emotions,
            time=time,
            confidence=confidence,
            speaker_confidence=speaker_confidence,
        )

        ner_prediction.additional_properties = d
        return ner_prediction

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
