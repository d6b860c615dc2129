from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..errors import ResponseShapeError
from ..models.granularity import Granularity
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.window import Window


T = TypeVar("T", bound="Prosody")


@_attrs_define
class Prosody:
    """
    Attributes:
        granularity (Granularity | None | Unset):  Default: Granularity.UTTERANCE.
        window (None | Unset | Window):
        identify_speakers (bool | None | Unset):  Default: False.
    """

    granularity: Granularity | None | Unset = Granularity.UTTERANCE
    window: None | Unset | Window = UNSET
    identify_speakers: bool | None | Unset = False

    def to_dict(self) -> dict[str, Any]:
        from ..models.window import Window  # noqa: PLC0415

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
        elif isinstance(self.window, Window):
            window = self.window.to_dict()
        else:
            window = self.window

        identify_speakers: bool | None | Unset
        if isinstance(self.identify_speakers, Unset):
            identify_speakers = UNSET
        else:
            identify_speakers = self.identify_speakers

        field_dict: dict[str, Any] = {}

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
        from ..models.window import Window  # noqa: PLC0415

        d = dict(src_dict)
        try:

            def _parse_granularity(data: object) -> Granularity | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, str):
                    raise TypeError(f"expected Granularity, got {type(data).__name__}")
                granularity_type_0 = Granularity(data)

                return granularity_type_0

            granularity = _parse_granularity(d.pop("granularity", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("granularity", exc) from None

        try:

            def _parse_window(data: object) -> None | Unset | Window:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected Window, got {type(data).__name__}")
                window_type_0 = Window.from_dict(data)

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

        prosody = cls(
            granularity=granularity,
            window=window,
            identify_speakers=identify_speakers,
        )

        return prosody
