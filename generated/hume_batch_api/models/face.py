from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.unconfigurable import Unconfigurable


T = TypeVar("T", bound="Face")


@_attrs_define
class Face:
    """
    Attributes:
        fps_pred (float | Unset): Frames per second to process (0 = every frame). Default: 3.0.
        prob_threshold (float | Unset): Faces detected with a lower probability are left out. Default: 0.99.
        identify_faces (bool | Unset): Give each face an id that persists across frames. Default: False.
        min_face_size (int | Unset): Minimum face height and width in pixels. Default: 60.
        facs (None | Unconfigurable | Unset): `{}` enables FACS 2.0 outputs; `null` disables.
        descriptions (None | Unconfigurable | Unset): `{}` enables facial descriptions; `null` disables.
        save_faces (bool | Unset): Put the detected faces into the artifacts zip. Default: False.
    """

    fps_pred: float | Unset = 3.0
    prob_threshold: float | Unset = 0.99
    identify_faces: bool | Unset = False
    min_face_size: int | Unset = 60
    facs: None | Unconfigurable | Unset = UNSET
    descriptions: None | Unconfigurable | Unset = UNSET
    save_faces: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        from ..models.unconfigurable import Unconfigurable  # noqa: PLC0415

        fps_pred = self.fps_pred

        prob_threshold = self.prob_threshold

        identify_faces = self.identify_faces

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

        save_faces = self.save_faces

        field_dict: dict[str, Any] = {}

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
        fps_pred = d.pop("fps_pred", UNSET)

        prob_threshold = d.pop("prob_threshold", UNSET)

        identify_faces = d.pop("identify_faces", UNSET)

        min_face_size = d.pop("min_face_size", UNSET)

        def _parse_facs(data: object) -> None | Unconfigurable | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                facs_type_0 = Unconfigurable.from_dict(data)

                return facs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unconfigurable | Unset, data)

        facs = _parse_facs(d.pop("facs", UNSET))

        def _parse_descriptions(data: object) -> None | Unconfigurable | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                descriptions_type_0 = Unconfigurable.from_dict(data)

                return descriptions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unconfigurable | Unset, data)

        descriptions = _parse_descriptions(d.pop("descriptions", UNSET))

        save_faces = d.pop("save_faces", UNSET)

        face = cls(
            fps_pred=fps_pred,
            prob_threshold=prob_threshold,
            identify_faces=identify_faces,
            min_face_size=min_face_size,
            facs=facs,
            descriptions=descriptions,
            save_faces=save_faces,
        )

        return face
