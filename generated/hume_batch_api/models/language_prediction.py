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
    from ..models.score import Score
    from ..models.time_interval import TimeInterval


T = TypeVar("T", bound="LanguagePrediction")


@_attrs_define
class LanguagePrediction:
    """
    Attributes:
        text (str):
        position (PositionInterval): Character offsets, begin inclusive, end exclusive.
        emotions (list[EmotionScore]):
        time (None | TimeInterval | Unset):
        confidence (float | None | Unset):
        speaker_confidence (float | None | Unset):
        sentiment (list[Score] | None | Unset):
        toxicity (list[Score] | None | Unset):
    """

    text: str
    position: PositionInterval
    emotions: list[EmotionScore]
    time: None | TimeInterval | Unset = UNSET
    confidence: float | None | Unset = UNSET
    speaker_confidence: float | None | Unset = UNSET
    sentiment: list[Score] | None | Unset = UNSET
    toxicity: list[Score] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.time_interval import TimeInterval  # noqa: PLC0415

        text = self.text

        position = self.position.to_dict()

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

        sentiment: list[dict[str, Any]] | None | Unset
        if isinstance(self.sentiment, Unset):
            sentiment = UNSET
        elif isinstance(self.sentiment, list):
            sentiment = []
            for componentsschemas_scores_item_data in self.sentiment:
                componentsschemas_scores_item = componentsschemas_scores_item_data.to_dict()
                sentiment.append(componentsschemas_scores_item)

        else:
            sentiment = self.sentiment

        toxicity: list[dict[str, Any]] | None | Unset
        if isinstance(self.toxicity, Unset):
            toxicity = UNSET
        elif isinstance(self.toxicity, list):
            toxicity = []
            for componentsschemas_scores_item_data in self.toxicity:
                componentsschemas_scores_item = componentsschemas_scores_item_data.to_dict()
                toxicity.append(componentsschemas_scores_item)

        else:
            toxicity = self.toxicity

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "text": text,
                "position": position,
                "emotions": emotions,
            }
        )
        if time is not UNSET:
            field_dict["time"] = time
        if confidence is not UNSET:
            field_dict["confidence"] = confidence
        if speaker_confidence is not UNSET:
            field_dict["speaker_confidence"] = speaker_confidence
        if sentiment is not UNSET:
            field_dict["sentiment"] = sentiment
        if toxicity is not UNSET:
            field_dict["toxicity"] = toxicity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.emotion_score import EmotionScore  # noqa: PLC0415
        from ..models.position_interval import PositionInterval  # noqa: PLC0415
        from ..models.score import Score  # noqa: PLC0415
        from ..models.time_interval import TimeInterval  # noqa: PLC0415

        d = dict(src_dict)
        try:
            text = d.pop("text")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("text", exc) from None

        try:
            position = PositionInterval.from_dict(d.pop("position"))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("position", exc) from None

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

        try:

            def _parse_sentiment(data: object) -> list[Score] | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, list):
                    raise TypeError(f"expected list[Score], got {type(data).__name__}")
                sentiment_type_0 = []
                _sentiment_type_0 = data
                for componentsschemas_scores_item_data_index, componentsschemas_scores_item_data in enumerate(
                    _sentiment_type_0
                ):
                    try:
                        componentsschemas_scores_item = Score.from_dict(componentsschemas_scores_item_data)

                    except (TypeError, ValueError, AttributeError, KeyError) as exc:
                        from hume_batch_api.errors import (
                            ResponseShapeError as _ShapeError,  # noqa: PLC0415
                        )

                        raise _ShapeError.at(componentsschemas_scores_item_data_index, exc) from None
                    sentiment_type_0.append(componentsschemas_scores_item)

                return sentiment_type_0

            sentiment = _parse_sentiment(d.pop("sentiment", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("sentiment", exc) from None

        try:

            def _parse_toxicity(data: object) -> list[Score] | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, list):
                    raise TypeError(f"expected list[Score], got {type(data).__name__}")
                toxicity_type_0 = []
                _toxicity_type_0 = data
                for componentsschemas_scores_item_data_index, componentsschemas_scores_item_data in enumerate(
                    _toxicity_type_0
                ):
                    try:
                        componentsschemas_scores_item = Score.from_dict(componentsschemas_scores_item_data)

                    except (TypeError, ValueError, AttributeError, KeyError) as exc:
                        from hume_batch_api.errors import (
                            ResponseShapeError as _ShapeError,  # noqa: PLC0415
                        )

                        raise _ShapeError.at(componentsschemas_scores_item_data_index, exc) from None
                    toxicity_type_0.append(componentsschemas_scores_item)

                return toxicity_type_0

            toxicity = _parse_toxicity(d.pop("toxicity", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("toxicity", exc) from None

        language_prediction = cls(
            text=text,
            position=position,
            emotions=emotions,
            time=time,
            confidence=confidence,
            speaker_confidence=speaker_confidence,
            sentiment=sentiment,
            toxicity=toxicity,
        )

        language_prediction.additional_properties = d
        return language_prediction

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
