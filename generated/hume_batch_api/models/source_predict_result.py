from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.inference_results import InferenceResults
    from ..models.source_file import SourceFile
    from ..models.source_text import SourceText
    from ..models.source_unknown import SourceUnknown
    from ..models.source_url import SourceUrl


T = TypeVar("T", bound="SourcePredictResult")


@_attrs_define
class SourcePredictResult:
    """
    Attributes:
        source (SourceFile | SourceText | SourceUnknown | SourceUrl):
        results (InferenceResults | None | Unset):
        error (None | str | Unset): Why the whole source could not be processed.
    """

    source: SourceFile | SourceText | SourceUnknown | SourceUrl
    results: InferenceResults | None | Unset = UNSET
    error: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.inference_results import InferenceResults  # noqa: PLC0415
        from ..models.source_file import SourceFile  # noqa: PLC0415
        from ..models.source_text import SourceText  # noqa: PLC0415
        from ..models.source_url import SourceUrl  # noqa: PLC0415

        source: dict[str, Any]
        if isinstance(self.source, SourceUrl):
            source = self.source.to_dict()
        elif isinstance(self.source, SourceFile):
            source = self.source.to_dict()
        elif isinstance(self.source, SourceText):
            source = self.source.to_dict()
        else:
            source = self.source.to_dict()

        results: dict[str, Any] | None | Unset
        if isinstance(self.results, Unset):
            results = UNSET
        elif isinstance(self.results, InferenceResults):
            results = self.results.to_dict()
        else:
            results = self.results

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "source": source,
            }
        )
        if results is not UNSET:
            field_dict["results"] = results
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.inference_results import InferenceResults  # noqa: PLC0415
        from ..models.source_file import SourceFile  # noqa: PLC0415
        from ..models.source_text import SourceText  # noqa: PLC0415
        from ..models.source_unknown import SourceUnknown  # noqa: PLC0415
        from ..models.source_url import SourceUrl  # noqa: PLC0415

        d = dict(src_dict)
        try:

            def _parse_source(data: object) -> SourceFile | SourceText | SourceUnknown | SourceUrl:
                if isinstance(data, dict) and data.get("type") == "url":
                    componentsschemas_source_type_0 = SourceUrl.from_dict(data)

                    return componentsschemas_source_type_0
                if isinstance(data, dict) and data.get("type") == "file":
                    componentsschemas_source_type_1 = SourceFile.from_dict(data)

                    return componentsschemas_source_type_1
                if isinstance(data, dict) and data.get("type") == "text":
                    componentsschemas_source_type_2 = SourceText.from_dict(data)

                    return componentsschemas_source_type_2
                if not isinstance(data, dict):
                    raise TypeError(f"expected SourceUnknown, got {type(data).__name__}")
                componentsschemas_source_type_3 = SourceUnknown.from_dict(data)

                return componentsschemas_source_type_3

            source = _parse_source(d.pop("source"))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("source", exc) from None

        try:

            def _parse_results(data: object) -> InferenceResults | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected InferenceResults, got {type(data).__name__}")
                results_type_0 = InferenceResults.from_dict(data)

                return results_type_0

            results = _parse_results(d.pop("results", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("results", exc) from None

        try:

            def _parse_error(data: object) -> None | str | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(None | str | Unset, data)

            error = _parse_error(d.pop("error", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("error", exc) from None

        source_predict_result = cls(
            source=source,
            results=results,
            error=error,
        )

        source_predict_result.additional_properties = d
        return source_predict_result

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
