from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..errors import ResponseShapeError
from ..models.bcp_47_tag import Bcp47Tag
from ..types import UNSET, Unset

T = TypeVar("T", bound="Transcription")


@_attrs_define
class Transcription:
    """
    Attributes:
        language (Bcp47Tag | None | Unset):
        identify_speakers (bool | None | Unset):  Default: False.
        confidence_threshold (float | None | Unset): Transcripts with a lower confidence are not used for inference.
            Default: 0.5.
    """

    language: Bcp47Tag | None | Unset = UNSET
    identify_speakers: bool | None | Unset = False
    confidence_threshold: float | None | Unset = 0.5

    def to_dict(self) -> dict[str, Any]:
        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, Bcp47Tag):
            language = self.language.value
        else:
            language = self.language

        identify_speakers: bool | None | Unset
        if isinstance(self.identify_speakers, Unset):
            identify_speakers = UNSET
        else:
            identify_speakers = self.identify_speakers

        confidence_threshold: float | None | Unset
        if isinstance(self.confidence_threshold, Unset):
            confidence_threshold = UNSET
        else:
            confidence_threshold = self.confidence_threshold

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if language is not UNSET:
            field_dict["language"] = language
        if identify_speakers is not UNSET:
            field_dict["identify_speakers"] = identify_speakers
        if confidence_threshold is not UNSET:
            field_dict["confidence_threshold"] = confidence_threshold

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:

            def _parse_language(data: object) -> Bcp47Tag | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, str):
                    raise TypeError(f"expected Bcp47Tag, got {type(data).__name__}")
                language_type_0 = Bcp47Tag(data)

                return language_type_0

            language = _parse_language(d.pop("language", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("language", exc) from None

        try:

            def _parse_identify_speakers(data: object) -> bool | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(bool | None | Unset, data)

            identify_speakers = _parse_identify_speakers(d.pop("identify_speakers", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("identify_speakers", exc) from None

        try:

            def _parse_confidence_threshold(data: object) -> float | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(float | None | Unset, data)

            confidence_threshold = _parse_confidence_threshold(d.pop("confidence_threshold", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("confidence_threshold", exc) from None

        transcription = cls(
            language=language,
            identify_speakers=identify_speakers,
            confidence_threshold=confidence_threshold,
        )

        return transcription
