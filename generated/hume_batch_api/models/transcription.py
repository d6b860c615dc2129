from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.bcp_47_tag import Bcp47Tag
from ..types import UNSET, Unset

T = TypeVar("T", bound="Transcription")


@_attrs_define
class Transcription:
    """
    Attributes:
        language (Bcp47Tag | Unset):
        identify_speakers (bool | Unset):  Default: False.
        confidence_threshold (float | Unset): Transcripts with a lower confidence are not used for inference. Default:
            0.5.
    """

    language: Bcp47Tag | Unset = UNSET
    identify_speakers: bool | Unset = False
    confidence_threshold: float | Unset = 0.5

    def to_dict(self) -> dict[str, Any]:
        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value

        identify_speakers = self.identify_speakers

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
        _language = d.pop("language", UNSET)
        language: Bcp47Tag | Unset
        if isinstance(_language, Unset):
            language = UNSET
        else:
            language = Bcp47Tag(_language)

        identify_speakers = d.pop("identify_speakers", UNSET)

        confidence_threshold = d.pop("confidence_threshold", UNSET)

        transcription = cls(
            language=language,
            identify_speakers=identify_speakers,
            confidence_threshold=confidence_threshold,
        )

        return transcription
