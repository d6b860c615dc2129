from __future__ import annotations

import json
from collections.abc import Mapping
from io import BytesIO
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from .. import types
from ..errors import ResponseShapeError
from ..types import UNSET, File, Unset

if TYPE_CHECKING:
    from ..models.inference_base_request import InferenceBaseRequest


T = TypeVar("T", bound="LocalFileJobRequest")


@_attrs_define
class LocalFileJobRequest:
    """Multipart body of a job over uploaded files (§2.3).

    Attributes:
        file (list[File]): The media files, one part each, all named `file`; at most 100 of 100 MB each.
        json (InferenceBaseRequest | Unset): Job configuration; the JSON body, and the multipart `json` part.
    """

    file: list[File]
    json: InferenceBaseRequest | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        file = []
        for file_item_data in self.file:
            file_item = file_item_data.to_tuple()

            file.append(file_item)

        json: dict[str, Any] | Unset = UNSET
        if not isinstance(self.json, Unset):
            json = self.json.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file": file,
            }
        )
        if json is not UNSET:
            field_dict["json"] = json

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        for file_item_element in self.file:
            files.append(("file", file_item_element.to_tuple()))

        if not isinstance(self.json, Unset):
            files.append(("json", (None, json.dumps(self.json.to_dict()).encode(), "application/json")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.inference_base_request import InferenceBaseRequest  # noqa: PLC0415

        d = dict(src_dict)
        try:
            file = []
            _file = d.pop("file")
            for file_item_data_index, file_item_data in enumerate(_file):
                try:
                    file_item = File(payload=BytesIO(file_item_data))

                except (TypeError, ValueError, AttributeError, KeyError) as exc:
                    from hume_batch_api.errors import ResponseShapeError as _ShapeError  # noqa: PLC0415

                    raise _ShapeError.at(file_item_data_index, exc) from None
                file.append(file_item)

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("file", exc) from None

        try:
            _json = d.pop("json", UNSET)
            json: InferenceBaseRequest | Unset
            if isinstance(_json, Unset):
                json = UNSET
            else:
                json = InferenceBaseRequest.from_dict(_json)

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("json", exc) from None

        local_file_job_request = cls(
            file=file,
            json=json,
        )

        return local_file_job_request
