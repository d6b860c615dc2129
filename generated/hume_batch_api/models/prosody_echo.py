from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..models.granularity import Granularity
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.window_echo import WindowEcho


T = TypeVar("T", bound="ProsodyEcho")


@_attrs_define
class ProsodyEcho:
    """
    Attributes:
        granularity (Granularity | None | str | Unset):
        window (None | Unset | WindowEcho):
        identify_speakers (bool | None | Unset):
    """

    granularity: Granularity | None | str | Unset = UNSET
    window: None | Unset | WindowEcho = UNSET
    identify_speakers: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.window_echo import WindowEcho  # noqa: PLC0415

        granularity: None | str | Unset
        if isinstance(self.granularity, Unset):
            granularity = UNSET
        elif isinstance(self.granularity, Granularity):
            granularity = self.granularity.value
        else:
            granularity = self.granularity

        window: dict[str, Any] | None | Unset
        if isinstance(self.window, Unset):
            window = UNSET
        elif isinstance(self.window, WindowEcho):
            window = self.window.to_dict()
        else:
            window = self.window

        identify_speakers: bool | None | Unset
        if isinstance(self.identify_speakers, Unset):
            identify_speakers = UNSET
        else:
            identify_speakers = self.identify_speakers

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if granularity is not UNSET:
            field_dict["granularity"] = granularity
        if window is not UNSET:
            field_dict["window"] = window
        if identify_speakers is not UNSET:
            field_dict["identify_speakers"] = identify_speakers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.window_echo import WindowEcho  # noqa: PLC0415

        d = dict(src_dict)
        try:

            def _parse_granularity(data: object) -> Granularity | None | str | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    componentsschemas_granularity_echo_type_0 = Granularity(data)

                    return componentsschemas_granularity_echo_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(Granularity | None | str | Unset, data)

            granularity = _parse_granularity(d.pop("granularity", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("granularity", exc) from None

        try:

            def _parse_window(data: object) -> None | Unset | WindowEcho:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected WindowEcho, got {type(data).__name__}")
                window_type_0 = WindowEcho.from_dict(data)

                return window_type_0

            window = _parse_window(d.pop("window", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("window", exc) from None

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

        prosody_echo = cls(
            granularity=granularity,
            window=window,
            identify_speakers=identify_speakers,
        )

        prosody_echo.additional_properties = d
        return prosody_echo

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
