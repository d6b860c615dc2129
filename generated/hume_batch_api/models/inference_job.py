from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ResponseShapeError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.inference_request import InferenceRequest
    from ..models.job_request_unknown import JobRequestUnknown
    from ..models.state_completed import StateCompleted
    from ..models.state_failed import StateFailed
    from ..models.state_in_progress import StateInProgress
    from ..models.state_queued import StateQueued
    from ..models.state_unknown import StateUnknown


T = TypeVar("T", bound="InferenceJob")


@_attrs_define
class InferenceJob:
    """A job. Hume's definition lists every job of the account as `InferenceJob` (`UnionJob: InferenceJob`), with `type` a
    plain string; a job of another type (`EMBEDDING_GENERATION`, ...) reads with its request kept as it came
    (`JobRequestUnknown`).

        Attributes:
            job_id (UUID):
            request (InferenceRequest | JobRequestUnknown):
            state (StateCompleted | StateFailed | StateInProgress | StateQueued | StateUnknown):
            type_ (str | Unset): `INFERENCE` for jobs of this API (a plain string: other job types exist). Optional: Hume's
                definition of `JobInference` does not list it and a real 2023 answer has none.
    """

    job_id: UUID
    request: InferenceRequest | JobRequestUnknown
    state: StateCompleted | StateFailed | StateInProgress | StateQueued | StateUnknown
    type_: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.inference_request import InferenceRequest  # noqa: PLC0415
        from ..models.state_completed import StateCompleted  # noqa: PLC0415
        from ..models.state_failed import StateFailed  # noqa: PLC0415
        from ..models.state_in_progress import StateInProgress  # noqa: PLC0415
        from ..models.state_queued import StateQueued  # noqa: PLC0415

        job_id = str(self.job_id)

        request: dict[str, Any]
        if isinstance(self.request, InferenceRequest):
            request = self.request.to_dict()
        else:
            request = self.request.to_dict()

        state: dict[str, Any]
        if isinstance(self.state, StateQueued):
            state = self.state.to_dict()
        elif isinstance(self.state, StateInProgress):
            state = self.state.to_dict()
        elif isinstance(self.state, StateCompleted):
            state = self.state.to_dict()
        elif isinstance(self.state, StateFailed):
            state = self.state.to_dict()
        else:
            state = self.state.to_dict()

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_id": job_id,
                "request": request,
                "state": state,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.inference_request import InferenceRequest  # noqa: PLC0415
        from ..models.job_request_unknown import JobRequestUnknown  # noqa: PLC0415
        from ..models.state_completed import StateCompleted  # noqa: PLC0415
        from ..models.state_failed import StateFailed  # noqa: PLC0415
        from ..models.state_in_progress import StateInProgress  # noqa: PLC0415
        from ..models.state_queued import StateQueued  # noqa: PLC0415
        from ..models.state_unknown import StateUnknown  # noqa: PLC0415

        d = dict(src_dict)
        try:
            job_id = UUID(d.pop("job_id"))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("job_id", exc) from None

        try:

            def _parse_request(data: object) -> InferenceRequest | JobRequestUnknown:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    request_type_0 = InferenceRequest.from_dict(data)

                    return request_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError(f"expected JobRequestUnknown, got {type(data).__name__}")
                request_type_1 = JobRequestUnknown.from_dict(data)

                return request_type_1

            request = _parse_request(d.pop("request"))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("request", exc) from None

        try:

            def _parse_state(
                data: object,
            ) -> StateCompleted | StateFailed | StateInProgress | StateQueued | StateUnknown:
                if isinstance(data, dict) and data.get("status") == "QUEUED":
                    componentsschemas_state_inference_type_0 = StateQueued.from_dict(data)

                    return componentsschemas_state_inference_type_0
                if isinstance(data, dict) and data.get("status") == "IN_PROGRESS":
                    componentsschemas_state_inference_type_1 = StateInProgress.from_dict(data)

                    return componentsschemas_state_inference_type_1
                if isinstance(data, dict) and data.get("status") == "COMPLETED":
                    componentsschemas_state_inference_type_2 = StateCompleted.from_dict(data)

                    return componentsschemas_state_inference_type_2
                if isinstance(data, dict) and data.get("status") == "FAILED":
                    componentsschemas_state_inference_type_3 = StateFailed.from_dict(data)

                    return componentsschemas_state_inference_type_3
                if not isinstance(data, dict):
                    raise TypeError(f"expected StateUnknown, got {type(data).__name__}")
                componentsschemas_state_inference_type_4 = StateUnknown.from_dict(data)

                return componentsschemas_state_inference_type_4

            state = _parse_state(d.pop("state"))

        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("state", exc) from None

        try:
            type_ = d.pop("type", UNSET)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ResponseShapeError.at("type", exc) from None

        inference_job = cls(
            job_id=job_id,
            request=request,
            state=state,
            type_=type_,
        )

        inference_job.additional_properties = d
        return inference_job

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
