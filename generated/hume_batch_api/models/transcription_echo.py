from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..models.bcp_47_tag import Bcp47Tag
from ..types import UNSET, Unset

T = TypeVar("T", bound="TranscriptionEcho")


@_attrs_define
class TranscriptionEcho:
    """
    Attributes:
        language (Bcp47Tag | None | str | Unset):
        identify_speakers (bool | None | Unset):
        confidence_threshold (float | None | Unset):
    """

    language: Bcp47Tag | None | str | Unset = UNSET
    identify_speakers: bool | None | Unset = UNSET
    confidence_threshold: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

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
        field_dict.update(self.additional_properties)
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

            def _parse_language(data: object) -> Bcp47Tag | None | str | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    componentsschemas_language_tag_type_0 = Bcp47Tag(data)

                    return componentsschemas_language_tag_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(Bcp47Tag | None | str | Unset, data)

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

        transcription_echo = cls(
            language=language,
            identify_speakers=identify_speakers,
            confidence_threshold=confidence_threshold,
        )

        transcription_echo.additional_properties = d
        return transcription_echo

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
