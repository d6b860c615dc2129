from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.models import Models
    from ..models.transcription import Transcription


T = TypeVar("T", bound="InferenceBaseRequest")


@_attrs_define
class InferenceBaseRequest:
    """Job configuration; the JSON body, and the multipart `json` part.

    Attributes:
        models (Models | None | Unset): Models to run; absent or `null` runs all of them.
        transcription (None | Transcription | Unset): Transcription settings; explicitly `null` disables transcription.
        urls (list[str] | None | Unset): Public URLs of media files or archives; at most 100 (send an archive for more).
        text (list[str] | None | Unset): Text for the language and NER models; at most 100 strings.
        callback_url (None | str | Unset): Receives a POST with the predictions on completion, or the error on failure.
        notify (bool | None | Unset): E-mail the account owner when the job completes or fails. Default: False.
    """

    models: Models | None | Unset = UNSET
    transcription: None | Transcription | Unset = UNSET
    urls: list[str] | None | Unset = UNSET
    text: list[str] | None | Unset = UNSET
    callback_url: None | str | Unset = UNSET
    notify: bool | None | Unset = False

    def to_dict(self) -> dict[str, Any]:
        from ..models.models import Models  # noqa: PLC0415
        from ..models.transcription import Transcription  # noqa: PLC0415

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
        try:

            def _parse_models(data: object) -> Models | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected Models, got {type(data).__name__}")
                models_type_0 = Models.from_dict(data)

                return models_type_0

            models = _parse_models(d.pop("models", UNSET))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("models", exc) from None

        try:

            def _parse_transcription(data: object) -> None | Transcription | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                if not isinstance(data, dict):
                    raise TypeError(f"expected Transcription, got {type(data).__name__}")
                transcription_type_0 = Transcription.from_dict(data)

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

        inference_base_request = cls(
            models=models,
            transcription=transcription,
            urls=urls,
            text=text,
            callback_url=callback_url,
            notify=notify,
        )

        return inference_base_request
