from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.burst_model_result import BurstModelResult
    from ..models.face_model_result import FaceModelResult
    from ..models.facemesh_model_result import FacemeshModelResult
    from ..models.language_model_result import LanguageModelResult
    from ..models.ner_model_result import NerModelResult
    from ..models.prosody_model_result import ProsodyModelResult


T = TypeVar("T", bound="ModelsPredictions")


@_attrs_define
class ModelsPredictions:
    """
    Attributes:
        face (FaceModelResult | None | Unset):
        burst (BurstModelResult | None | Unset):
        prosody (None | ProsodyModelResult | Unset):
        language (LanguageModelResult | None | Unset):
        ner (NerModelResult | None | Unset):
        facemesh (FacemeshModelResult | None | Unset):
    """

    face: FaceModelResult | None | Unset = UNSET
    burst: BurstModelResult | None | Unset = UNSET
    prosody: None | ProsodyModelResult | Unset = UNSET
    language: LanguageModelResult | None | Unset = UNSET
    ner: NerModelResult | None | Unset = UNSET
    facemesh: FacemeshModelResult | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.burst_model_result import BurstModelResult  # noqa: PLC0415
        from ..models.face_model_result import FaceModelResult  # noqa: PLC0415
        from ..models.facemesh_model_result import FacemeshModelResult  # noqa: PLC0415
        from ..models.language_model_result import LanguageModelResult  # noqa: PLC0415
        from ..models.ner_model_result import NerModelResult  # noqa: PLC0415
        from ..models.prosody_model_result import ProsodyModelResult  # noqa: PLC0415

        face: dict[str, Any] | None | Unset
        if isinstance(self.face, Unset):
            face = UNSET
        elif isinstance(self.face, FaceModelResult):
            face = self.face.to_dict()
        else:
            face = self.face

        burst: dict[str, Any] | None | Unset
        if isinstance(self.burst, Unset):
            burst = UNSET
        elif isinstance(self.burst, BurstModelResult):
            burst = self.burst.to_dict()
        else:
            burst = self.burst

        prosody: dict[str, Any] | None | Unset
        if isinstance(self.prosody, Unset):
            prosody = UNSET
        elif isinstance(self.prosody, ProsodyModelResult):
            prosody = self.prosody.to_dict()
        else:
            prosody = self.prosody

        language: dict[str, Any] | None | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, LanguageModelResult):
            language = self.language.to_dict()
        else:
            language = self.language

        ner: dict[str, Any] | None | Unset
        if isinstance(self.ner, Unset):
            ner = UNSET
        elif isinstance(self.ner, NerModelResult):
            ner = self.ner.to_dict()
        else:
            ner = self.ner

        facemesh: dict[str, Any] | None | Unset
        if isinstance(self.facemesh, Unset):
            facemesh = UNSET
        elif isinstance(self.facemesh, FacemeshModelResult):
            facemesh = self.facemesh.to_dict()
        else:
            facemesh = self.facemesh

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if face is not UNSET:
            field_dict["face"] = face
        if burst is not UNSET:
            field_dict["burst"] = burst
        if prosody is not UNSET:
            field_dict["prosody"] = prosody
        if language is not UNSET:
            field_dict["language"] = language
        if ner is not UNSET:
            field_dict["ner"] = ner
        if facemesh is not UNSET:
            field_dict["facemesh"] = facemesh

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.burst_model_result import BurstModelResult  # noqa: PLC0415
        from ..models.face_model_result import FaceModelResult  # noqa: PLC0415
        from ..models.facemesh_model_result import FacemeshModelResult  # noqa: PLC0415
        from ..models.language_model_result import LanguageModelResult  # noqa: PLC0415
        from ..models.ner_model_result import NerModelResult  # noqa: PLC0415
        from ..models.prosody_model_result import ProsodyModelResult  # noqa: PLC0415

        d = dict(src_dict)
        try:

            def _parse_face(data: object) -> FaceModelResult | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected FaceModelResult, got {type(data).__name__}")
                face_type_0 = FaceModelResult.from_dict(data)

                return face_type_0

            face = _parse_face(d.pop("face", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("face", exc) from None

        try:

            def _parse_burst(data: object) -> BurstModelResult | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected BurstModelResult, got {type(data).__name__}")
                burst_type_0 = BurstModelResult.from_dict(data)

                return burst_type_0

            burst = _parse_burst(d.pop("burst", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("burst", exc) from None

        try:

            def _parse_prosody(data: object) -> None | ProsodyModelResult | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected ProsodyModelResult, got {type(data).__name__}")
                prosody_type_0 = ProsodyModelResult.from_dict(data)

                return prosody_type_0

            prosody = _parse_prosody(d.pop("prosody", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("prosody", exc) from None

        try:

            def _parse_language(data: object) -> LanguageModelResult | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected LanguageModelResult, got {type(data).__name__}")
                language_type_0 = LanguageModelResult.from_dict(data)

                return language_type_0

            language = _parse_language(d.pop("language", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("language", exc) from None

        try:

            def _parse_ner(data: object) -> NerModelResult | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected NerModelResult, got {type(data).__name__}")
                ner_type_0 = NerModelResult.from_dict(data)

                return ner_type_0

            ner = _parse_ner(d.pop("ner", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("ner", exc) from None

        try:

            def _parse_facemesh(data: object) -> FacemeshModelResult | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected FacemeshModelResult, got {type(data).__name__}")
                facemesh_type_0 = FacemeshModelResult.from_dict(data)

                return facemesh_type_0

            facemesh = _parse_facemesh(d.pop("facemesh", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("facemesh", exc) from None

        models_predictions = cls(
            face=face,
            burst=burst,
            prosody=prosody,
            language=language,
            ner=ner,
            facemesh=facemesh,
        )

        models_predictions.additional_properties = d
        return models_predictions

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
