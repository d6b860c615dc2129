from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.face_echo import FaceEcho
    from ..models.language_echo import LanguageEcho
    from ..models.ner_echo import NerEcho
    from ..models.prosody_echo import ProsodyEcho
    from ..models.unconfigurable import Unconfigurable


T = TypeVar("T", bound="ModelsEcho")


@_attrs_define
class ModelsEcho:
    """`Models` as echoed: open, and a model not run may be `null` (2023 answers).

    Attributes:
        face (FaceEcho | None | Unset):
        burst (None | Unconfigurable | Unset):
        prosody (None | ProsodyEcho | Unset):
        language (LanguageEcho | None | Unset):
        ner (NerEcho | None | Unset):
        facemesh (None | Unconfigurable | Unset):
    """

    face: FaceEcho | None | Unset = UNSET
    burst: None | Unconfigurable | Unset = UNSET
    prosody: None | ProsodyEcho | Unset = UNSET
    language: LanguageEcho | None | Unset = UNSET
    ner: NerEcho | None | Unset = UNSET
    facemesh: None | Unconfigurable | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.face_echo import FaceEcho  # noqa: PLC0415
        from ..models.language_echo import LanguageEcho  # noqa: PLC0415
        from ..models.ner_echo import NerEcho  # noqa: PLC0415
        from ..models.prosody_echo import ProsodyEcho  # noqa: PLC0415
        from ..models.unconfigurable import Unconfigurable  # noqa: PLC0415

        face: dict[str, Any] | None | Unset
        if isinstance(self.face, Unset):
            face = UNSET
        elif isinstance(self.face, FaceEcho):
            face = self.face.to_dict()
        else:
            face = self.face

        burst: dict[str, Any] | None | Unset
        if isinstance(self.burst, Unset):
            burst = UNSET
        elif isinstance(self.burst, Unconfigurable):
            burst = self.burst.to_dict()
        else:
            burst = self.burst

        prosody: dict[str, Any] | None | Unset
        if isinstance(self.prosody, Unset):
            prosody = UNSET
        elif isinstance(self.prosody, ProsodyEcho):
            prosody = self.prosody.to_dict()
        else:
            prosody = self.prosody

        language: dict[str, Any] | None | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, LanguageEcho):
            language = self.language.to_dict()
        else:
            language = self.language

        ner: dict[str, Any] | None | Unset
        if isinstance(self.ner, Unset):
            ner = UNSET
        elif isinstance(self.ner, NerEcho):
            ner = self.ner.to_dict()
        else:
            ner = self.ner

        facemesh: dict[str, Any] | None | Unset
        if isinstance(self.facemesh, Unset):
            facemesh = UNSET
        elif isinstance(self.facemesh, Unconfigurable):
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
        from ..models.face_echo import FaceEcho  # noqa: PLC0415
        from ..models.language_echo import LanguageEcho  # noqa: PLC0415
        from ..models.ner_echo import NerEcho  # noqa: PLC0415
        from ..models.prosody_echo import ProsodyEcho  # noqa: PLC0415
        from ..models.unconfigurable import Unconfigurable  # noqa: PLC0415

        d = dict(src_dict)
        try:

            def _parse_face(data: object) -> FaceEcho | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected FaceEcho, got {type(data).__name__}")
                face_type_0 = FaceEcho.from_dict(data)

                return face_type_0

            face = _parse_face(d.pop("face", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("face", exc) from None

        try:

            def _parse_burst(data: object) -> None | Unconfigurable | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected Unconfigurable, got {type(data).__name__}")
                burst_type_0 = Unconfigurable.from_dict(data)

                return burst_type_0

            burst = _parse_burst(d.pop("burst", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("burst", exc) from None

        try:

            def _parse_prosody(data: object) -> None | ProsodyEcho | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected ProsodyEcho, got {type(data).__name__}")
                prosody_type_0 = ProsodyEcho.from_dict(data)

                return prosody_type_0

            prosody = _parse_prosody(d.pop("prosody", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("prosody", exc) from None

        try:

            def _parse_language(data: object) -> LanguageEcho | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected LanguageEcho, got {type(data).__name__}")
                language_type_0 = LanguageEcho.from_dict(data)

                return language_type_0

            language = _parse_language(d.pop("language", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("language", exc) from None

        try:

            def _parse_ner(data: object) -> NerEcho | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected NerEcho, got {type(data).__name__}")
                ner_type_0 = NerEcho.from_dict(data)

                return ner_type_0

            ner = _parse_ner(d.pop("ner", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("ner", exc) from None

        try:

            def _parse_facemesh(data: object) -> None | Unconfigurable | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected Unconfigurable, got {type(data).__name__}")
                facemesh_type_0 = Unconfigurable.from_dict(data)

                return facemesh_type_0

            facemesh = _parse_facemesh(d.pop("facemesh", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("facemesh", exc) from None

        models_echo = cls(
            face=face,
            burst=burst,
            prosody=prosody,
            language=language,
            ner=ner,
            facemesh=facemesh,
        )

        models_echo.additional_properties = d
        return models_echo

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
