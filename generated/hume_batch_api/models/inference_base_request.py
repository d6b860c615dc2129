from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.models import Models
    from ..models.transcription import Transcription


T = TypeVar("T", bound="InferenceBaseRequest")


@_attrs_define
class InferenceBaseRequest:
    """Job configuration; the JSON body, and the multipart `json` part.

    Attributes:
        models (Models | Unset): Models to run; a present key enables that model, all run when `models` is absent.
        transcription (None | Transcription | Unset): Transcription settings; explicitly `null` disables transcription.
        urls (list[str] | Unset): Public URLs of media files or archives; at most 100 (send an archive for more).
        text (list[str] | Unset): Text for the language and NER models; at most 100 strings.
        callback_url (str | Unset): Receives a POST with the predictions on completion, or the error on failure.
        notify (bool | Unset): E-mail the account owner when the job completes or fails. Default: False.
    """

    models: Models | Unset = UNSET
    transcription: None | Transcription | Unset = UNSET
    urls: list[str] | Unset = UNSET
    text: list[str] | Unset = UNSET
    callback_url: str | Unset = UNSET
    notify: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        from ..models.transcription import Transcription  # noqa: PLC0415

        models: dict[str, Any] | Unset = UNSET
        if not isinstance(self.models, Unset):
            models = self.models.to_dict()

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

        callback_url = self.callback_url

        notify = self.notify

        field_dict: dict[str, Any] = {}

        field_dict.update({})
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
        from ..models.models import Models  # noqa: PLC0415
        from ..models.transcription import Transcription  # noqa: PLC0415

        d = dict(src_dict)
        _models = d.pop("models", UNSET)
        models: Models | Unset
        if isinstance(_models, Unset):
            models = UNSET
        else:
            models = Models.from_dict(_models)

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

        callback_url = d.pop("callback_url", UNSET)

        notify = d.pop("notify", UNSET)

        inference_base_request = cls(
            models=models,
            transcription=transcription,
            urls=urls,
            text=text,
            callback_url=callback_url,
            notify=notify,
        )

        return inference_base_request
