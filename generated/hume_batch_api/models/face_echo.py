from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.unconfigurable import Unconfigurable


T = TypeVar("T", bound="FaceEcho")


@_attrs_define
class FaceEcho:
    """
    Attributes:
        fps_pred (float | None | Unset):
        prob_threshold (float | None | Unset):
        identify_faces (bool | None | Unset):
        min_face_size (float | None | Unset): An integer; 2022 answers sent `60.0`.
        facs (None | Unconfigurable | Unset):
        descriptions (None | Unconfigurable | Unset):
        save_faces (bool | None | Unset):
    """

    fps_pred: float | None | Unset = UNSET
    prob_threshold: float | None | Unset = UNSET
    identify_faces: bool | None | Unset = UNSET
    min_face_size: float | None | Unset = UNSET
    facs: None | Unconfigurable | Unset = UNSET
    descriptions: None | Unconfigurable | Unset = UNSET
    save_faces: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.unconfigurable import Unconfigurable  # noqa: PLC0415

        fps_pred: float | None | Unset
        if isinstance(self.fps_pred, Unset):
            fps_pred = UNSET
        else:
            fps_pred = self.fps_pred

        prob_threshold: float | None | Unset
        if isinstance(self.prob_threshold, Unset):
            prob_threshold = UNSET
        else:
            prob_threshold = self.prob_threshold

        identify_faces: bool | None | Unset
        if isinstance(self.identify_faces, Unset):
            identify_faces = UNSET
        else:
            identify_faces = self.identify_faces

        min_face_size: float | None | Unset
        if isinstance(self.min_face_size, Unset):
            min_face_size = UNSET
        else:
            min_face_size = self.min_face_size

        facs: dict[str, Any] | None | Unset
        if isinstance(self.facs, Unset):
            facs = UNSET
        elif isinstance(self.facs, Unconfigurable):
            facs = self.facs.to_dict()
        else:
            facs = self.facs

        descriptions: dict[str, Any] | None | Unset
        if isinstance(self.descriptions, Unset):
            descriptions = UNSET
        elif isinstance(self.descriptions, Unconfigurable):
            descriptions = self.descriptions.to_dict()
        else:
            descriptions = self.descriptions

        save_faces: bool | None | Unset
        if isinstance(self.save_faces, Unset):
            save_faces = UNSET
        else:
            save_faces = self.save_faces

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if fps_pred is not UNSET:
            field_dict["fps_pred"] = fps_pred
        if prob_threshold is not UNSET:
            field_dict["prob_threshold"] = prob_threshold
        if identify_faces is not UNSET:
            field_dict["identify_faces"] = identify_faces
        if min_face_size is not UNSET:
            field_dict["min_face_size"] = min_face_size
        if facs is not UNSET:
            field_dict["facs"] = facs
        if descriptions is not UNSET:
            field_dict["descriptions"] = descriptions
        if save_faces is not UNSET:
            field_dict["save_faces"] = save_faces

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.unconfigurable import Unconfigurable  # noqa: PLC0415

        d = dict(src_dict)
        try:

            def _parse_fps_pred(data: object) -> float | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(float | None | Unset, data)

            fps_pred = _parse_fps_pred(d.pop("fps_pred", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("fps_pred", exc) from None

        try:

            def _parse_prob_threshold(data: object) -> float | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(float | None | Unset, data)

            prob_threshold = _parse_prob_threshold(d.pop("prob_threshold", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("prob_threshold", exc) from None

        try:

            def _parse_identify_faces(data: object) -> bool | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(bool | None | Unset, data)

            identify_faces = _parse_identify_faces(d.pop("identify_faces", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("identify_faces", exc) from None

        try:

            def _parse_min_face_size(data: object) -> float | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(float | None | Unset, data)

            min_face_size = _parse_min_face_size(d.pop("min_face_size", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("min_face_size", exc) from None

        try:

            def _parse_facs(data: object) -> None | Unconfigurable | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected Unconfigurable, got {type(data).__name__}")
                facs_type_0 = Unconfigurable.from_dict(data)

                return facs_type_0

            facs = _parse_facs(d.pop("facs", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("facs", exc) from None

        try:

            def _parse_descriptions(data: object) -> None | Unconfigurable | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected Unconfigurable, got {type(data).__name__}")
                descriptions_type_0 = Unconfigurable.from_dict(data)

                return descriptions_type_0

            descriptions = _parse_descriptions(d.pop("descriptions", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("descriptions", exc) from None

        try:

            def _parse_save_faces(data: object) -> bool | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(bool | None | Unset, data)

            save_faces = _parse_save_faces(d.pop("save_faces", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("save_faces", exc) from None

        face_echo = cls(
            fps_pred=fps_pred,
            prob_threshold=prob_threshold,
            identify_faces=identify_faces,
            min_face_size=min_face_size,
            facs=facs,
            descriptions=descriptions,
            save_faces=save_faces,
        )

        face_echo.additional_properties = d
        return face_echo

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
