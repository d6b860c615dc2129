from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

T = TypeVar("T", bound="NerEcho")


@_attrs_define
class NerEcho:
    """
    Attributes:
        identify_speakers (bool | None | Unset):
    """

    identify_speakers: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        identify_speakers: bool | None | Unset
        if isinstance(self.identify_speakers, Unset):
            identify_speakers = UNSET
        else:
            identify_speakers = self.identify_speakers

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if identify_speakers is not UNSET:
            field_dict["identify_speakers"] = identify_speakers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
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

        ner_echo = cls(
            identify_speakers=identify_speakers,
        )

        ner_echo.additional_properties = d
        return ner_echo

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
