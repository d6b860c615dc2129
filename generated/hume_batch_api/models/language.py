from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..errors import ResponseShapeError
from ..models.granularity import Granularity
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.unconfigurable import Unconfigurable


T = TypeVar("T", bound="Language")


@_attrs_define
class Language:
    """
    Attributes:
        granularity (Granularity | None | Unset):  Default: Granularity.WORD.
        sentiment (None | Unconfigurable | Unset): `{}` enables 9-level sentiment.
        toxicity (None | Unconfigurable | Unset): `{}` enables toxicity scores.
        identify_speakers (bool | None | Unset):  Default: False.
    """

    granularity: Granularity | None | Unset = Granularity.WORD
    sentiment: None | Unconfigurable | Unset = UNSET
    toxicity: None | Unconfigurable | Unset = UNSET
    identify_speakers: bool | None | Unset = False

    def to_dict(self) -> dict[str, Any]:
        from ..models.unconfigurable import Unconfigurable  # noqa: PLC0415

        granularity: None | str | Unset
        if isinstance(self.granularity, Unset):
            granularity = UNSET
        elif isinstance(self.granularity, Granularity):
            granularity = self.granularity.value
        else:
            granularity = self.granularity

        sentiment: dict[str, Any] | None | Unset
        if isinstance(self.sentiment, Unset):
            sentiment = UNSET
        elif isinstance(self.sentiment, Unconfigurable):
            sentiment = self.sentiment.to_dict()
        else:
            sentiment = self.sentiment

        toxicity: dict[str, Any] | None | Unset
        if isinstance(self.toxicity, Unset):
            toxicity = UNSET
        elif isinstance(self.toxicity, Unconfigurable):
            toxicity = self.toxicity.to_dict()
        else:
            toxicity = self.toxicity

        identify_speakers: bool | None | Unset
        if isinstance(self.identify_speakers, Unset):
            identify_speakers = UNSET
        else:
            identify_speakers = self.identify_speakers

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if granularity is not UNSET:
            field_dict["granularity"] = granularity
        if sentiment is not UNSET:
            field_dict["sentiment"] = sentiment
        if toxicity is not UNSET:
            field_dict["toxicity"] = toxicity
        if identify_speakers is not UNSET:
            field_dict["identify_speakers"] = identify_speakers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.unconfigurable import Unconfigurable  # noqa: PLC0415

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

            def _parse_sentiment(data: object) -> None | Unconfigurable | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected Unconfigurable, got {type(data).__name__}")
                sentiment_type_0 = Unconfigurable.from_dict(data)

                return sentiment_type_0

            sentiment = _parse_sentiment(d.pop("sentiment", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("sentiment", exc) from None

        try:

            def _parse_toxicity(data: object) -> None | Unconfigurable | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected Unconfigurable, got {type(data).__name__}")
                toxicity_type_0 = Unconfigurable.from_dict(data)

                return toxicity_type_0

            toxicity = _parse_toxicity(d.pop("toxicity", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("toxicity", exc) from None

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

        language = cls(
            granularity=granularity,
            sentiment=sentiment,
            toxicity=toxicity,
            identify_speakers=identify_speakers,
        )

        return language
