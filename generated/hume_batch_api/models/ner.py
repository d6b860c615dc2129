from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

T = TypeVar("T", bound="Ner")


@_attrs_define
class Ner:
    """
    Attributes:
        identify_speakers (bool | None | Unset):  Default: False.
    """

    identify_speakers: bool | None | Unset = False

    def to_dict(self) -> dict[str, Any]:
        identify_speakers: bool | None | Unset
        if isinstance(self.identify_speakers, Unset):
            identify_speakers = UNSET
        else:
            identify_speakers = self.identify_speakers

        field_dict: dict[str, Any] = {}

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

        ner = cls(
            identify_speakers=identify_speakers,
        )

        return ner
