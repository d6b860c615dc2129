from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..models.bcp_47_tag import Bcp47Tag
from ..types import UNSET, Unset

T = TypeVar("T", bound="TranscriptionMetadata")


@_attrs_define
class TranscriptionMetadata:
    """
    Attributes:
        confidence (float):
        detected_language (Bcp47Tag | None | str | Unset):
    """

    confidence: float
    detected_language: Bcp47Tag | None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        confidence = self.confidence

        detected_language: None | str | Unset
        if isinstance(self.detected_language, Unset):
            detected_language = UNSET
        elif isinstance(self.detected_language, Bcp47Tag):
            detected_language = self.detected_language.value
        else:
            detected_language = self.detected_language

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "confidence": confidence,
            }
        )
        if detected_language is not UNSET:
            field_dict["detected_language"] = detected_language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            confidence = d.pop("confidence")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("confidence", exc) from None

        try:

            def _parse_detected_language(data: object) -> Bcp47Tag | None | str | Unset:
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

            detected_language = _parse_detected_language(d.pop("detected_language", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("detected_language", exc) from None

        transcription_metadata = cls(
            confidence=confidence,
            detected_language=detected_language,
        )

        transcription_metadata.additional_properties = d
        return transcription_metadata

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
