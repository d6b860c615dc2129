from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.unconfigurable import Unconfigurable


T = TypeVar("T", bound="Face")


@_attrs_define
class Face:
    """
    Attributes:
        fps_pred (float | None | Unset): Frames per second to process (0 = every frame). No minimum: Hume's definition
            sets none (`optional<double>`). Default: 3.0.
        prob_threshold (float | None | Unset): Faces detected with a lower probability are left out. Default: 0.99.
        identify_faces (bool | None | Unset): Give each face an id that persists across frames. Default: False.
        min_face_size (int | None | Unset): Minimum face height and width in pixels. `uint64` in Hume's definition (no
            other minimum); the default 60 is what the docs' job echo shows for a job that left it out. Default: 60.
        facs (None | Unconfigurable | Unset): `{}` enables FACS 2.0 outputs; `null` disables.
        descriptions (None | Unconfigurable | Unset): `{}` enables facial descriptions; `null` disables.
        save_faces (bool | None | Unset): Put the detected faces into the artifacts zip. Default: False.
    """

    fps_pred: float | None | Unset = 3.0
    prob_threshold: float | None | Unset = 0.99
    identify_faces: bool | None | Unset = False
    min_face_size: int | None | Unset = 60
    facs: None | Unconfigurable | Unset = UNSET
    descriptions: None | Unconfigurable | Unset = UNSET
    save_faces: bool | None | Unset = False

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

        min_face_size: int | None | Unset
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

            def _parse_min_face_size(data: object) -> int | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(int | None | Unset, data)

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
