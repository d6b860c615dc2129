from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file import File
    from ..models.models import Models
    from ..models.transcription import Transcription


T = TypeVar("T", bound="InferenceRequest")


@_attrs_define
class InferenceRequest:
    """The server's echo of the job configuration, defaults filled in.

    Attributes:
        files (list[File]):
        models (Models | None | Unset):
        transcription (None | Transcription | Unset):
        urls (list[str] | Unset):
        text (list[str] | Unset):
        callback_url (None | str | Unset):
        notify (bool | Unset):
    """

    files: list[File]
    models: Models | None | Unset = UNSET
    transcription: None | Transcription | Unset = UNSET
    urls: list[str] | Unset = UNSET
    text: list[str] | Unset = UNSET
    callback_url: None | str | Unset = UNSET
    notify: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.models import Models  # noqa: PLC0415
        from ..models.transcription import Transcription  # noqa: PLC0415

        files = []
        for files_item_data in self.files:
            files_item = files_item_data.to_dict()
            files.append(files_item)

        models: dict[str, Any] | None | Unset
        if isinstance(self.models, Unset):
            models = UNSET
        elif isinstance(self.models, Models):
            models = self.models.to_dict()
        else:
            models = self.models

        transcription: dict[str, Any] | None | Unset
        if isinstance(self.transcription, Unset):
            transcription = UNSET
        elif isinstance(self.transcription, Transcription):
            transcription = self.transcription.to_dict()
        else:
            transcription = self.transcription

        urls: list[str] | Unset = UNSET
        if not isinstance(self.urls, Unset):
            urls = self.urls

        text: list[str] | Unset = UNSET
        if not isinstance(self.text, Unset):
            text = self.text

        callback_url: None | str | Unset
        if isinstance(self.callback_url, Unset):
            callback_url = UNSET
        else:
            callback_url = self.callback_url

        notify = self.notify

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "files": files,
            }
        )
        if models is not UNSET:
            field_dict["models"] = models
        if transcription is not UNSET:
            field_dict["transcription"] = transcription
        if urls is not UNSET:
            field_dict["urls"] = urls
        if text is not UNSET:
            field_dict["text"] = text
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url
        if notify is not UNSET:
            field_dict["notify"] = notify

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file import File  # noqa: PLC0415
        from ..models.models import Models  # noqa: PLC0415
        from ..models.transcription import Transcription  # noqa: PLC0415

        d = dict(src_dict)
        files = []
        _files = d.pop("files")
        for files_item_data in _files:
            files_item = File.from_dict(files_item_data)

            files.append(files_item)

        def _parse_models(data: object) -> Models | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                models_type_0 = Models.from_dict(data)

                return models_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Models | None | Unset, data)

        models = _parse_models(d.pop("models", UNSET))

        def _parse_transcription(data: object) -> None | Transcription | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                transcription_type_0 = Transcription.from_dict(data)

                return transcription_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Transcription | Unset, data)

        transcription = _parse_transcription(d.pop("transcription", UNSET))

        urls = cast(list[str], d.pop("urls", UNSET))

        text = cast(list[str], d.pop("text", UNSET))

        def _parse_callback_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        callback_url = _parse_callback_url(d.pop("callback_url", UNSET))

        notify = d.pop("notify", UNSET)

        inference_request = cls(
            files=files,
            models=models,
            transcription=transcription,
            urls=urls,
            text=text,
            callback_url=callback_url,
            notify=notify,
        )

        inference_request.additional_properties = d
        return inference_request

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
