from __future__ import annotations

import json
from collections.abc import Mapping
from io import BytesIO
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from .. import types
from ..types import UNSET, File, Unset

if TYPE_CHECKING:
    from ..models.inference_base_request import InferenceBaseRequest


T = TypeVar("T", bound="LocalFileJobRequest")


@_attrs_define
class LocalFileJobRequest:
    """Multipart body of a job over uploaded files (§2.3).

    Attributes:
        file (list[File]): The media files, one part each, all named `file`; at most 100.
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
        file = []
        _file = d.pop("file")
        for file_item_data in _file:
            file_item = File(payload=BytesIO(file_item_data))

            file.append(file_item)

        _json = d.pop("json", UNSET)
        json: InferenceBaseRequest | Unset
        if isinstance(_json, Unset):
            json = UNSET
        else:
            json = InferenceBaseRequest.from_dict(_json)

        local_file_job_request = cls(
            file=file,
            json=json,
        )

        return local_file_job_request
