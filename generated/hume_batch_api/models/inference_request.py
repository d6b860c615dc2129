from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file import File
    from ..models.models_echo import ModelsEcho
    from ..models.transcription_echo import TranscriptionEcho


T = TypeVar("T", bound="InferenceRequest")


@_attrs_define
class InferenceRequest:
    """The server's echo of the job configuration, defaults filled in.

    Attributes:
        files (list[File]):
        models (ModelsEcho | None | Unset):
        transcription (None | TranscriptionEcho | Unset):
        urls (list[str] | None | Unset):
        text (list[str] | None | Unset):
        callback_url (None | str | Unset):
        notify (bool | None | Unset):
    """

    files: list[File]
    models: ModelsEcho | None | Unset = UNSET
    transcription: None | TranscriptionEcho | Unset = UNSET
    urls: list[str] | None | Unset = UNSET
    text: list[str] | None | Unset = UNSET
    callback_url: None | str | Unset = UNSET
    notify: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.models_echo import ModelsEcho  # noqa: PLC0415
        from ..models.transcription_echo import TranscriptionEcho  # noqa: PLC0415

        files = []
        for files_item_data in self.files:
            files_item = files_item_data.to_dict()
            files.append(files_item)

        models: dict[str, Any] | None | Unset
        if isinstance(self.models, Unset):
            models = UNSET
        elif isinstance(self.models, ModelsEcho):
            models = self.models.to_dict()
        else:
            models = self.models

        transcription: dict[str, Any] | None | Unset
        if isinstance(self.transcription, Unset):
            transcription = UNSET
        elif isinstance(self.transcription, TranscriptionEcho):
            transcription = self.transcription.to_dict()
        else:
            transcription = self.transcription

        urls: list[str] | None | Unset
        if isinstance(self.urls, Unset):
            urls = UNSET
        elif isinstance(self.urls, list):
            urls = self.urls

        else:
            urls = self.urls

        text: list[str] | None | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        elif isinstance(self.text, list):
            text = self.text

        else:
            text = self.text

        callback_url: None | str | Unset
        if isinstance(self.callback_url, Unset):
            callback_url = UNSET
        else:
            callback_url = self.callback_url

        notify: bool | None | Unset
        if isinstance(self.notify, Unset):
            notify = UNSET
        else:
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
        from ..models.models_echo import ModelsEcho  # noqa: PLC0415
        from ..models.transcription_echo import TranscriptionEcho  # noqa: PLC0415

        d = dict(src_dict)
        try:
            files = []
            _files = d.pop("files")
            for files_item_data_index, files_item_data in enumerate(_files):
                try:
                    files_item = File.from_dict(files_item_data)

                except (TypeError, ValueError, AttributeError, KeyError) as exc:
                    from hume_batch_api.errors import ResponseShapeError as _ShapeError  # noqa: PLC0415

                    raise _ShapeError.at(files_item_data_index, exc) from None
                files.append(files_item)

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("files", exc) from None

        try:

            def _parse_models(data: object) -> ModelsEcho | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected ModelsEcho, got {type(data).__name__}")
                models_type_0 = ModelsEcho.from_dict(data)

                return models_type_0

            models = _parse_models(d.pop("models", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("models", exc) from None

        try:

            def _parse_transcription(data: object) -> None | TranscriptionEcho | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected TranscriptionEcho, got {type(data).__name__}")
                transcription_type_0 = TranscriptionEcho.from_dict(data)

                return transcription_type_0

            transcription = _parse_transcription(d.pop("transcription", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("transcription", exc) from None

        try:

            def _parse_urls(data: object) -> list[str] | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, list):
                    raise TypeError(f"expected list[str], got {type(data).__name__}")
                urls_type_0 = cast(list[str], data)

                return urls_type_0

            urls = _parse_urls(d.pop("urls", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("urls", exc) from None

        try:

            def _parse_text(data: object) -> list[str] | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, list):
                    raise TypeError(f"expected list[str], got {type(data).__name__}")
                text_type_0 = cast(list[str], data)

                return text_type_0

            text = _parse_text(d.pop("text", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("text", exc) from None

        try:

            def _parse_callback_url(data: object) -> None | str | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(None | str | Unset, data)

            callback_url = _parse_callback_url(d.pop("callback_url", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("callback_url", exc) from None

        try:

            def _parse_notify(data: object) -> bool | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(bool | None | Unset, data)

            notify = _parse_notify(d.pop("notify", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("notify", exc) from None

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
