from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.inference_request import InferenceRequest
    from ..models.state_completed import StateCompleted
    from ..models.state_failed import StateFailed
    from ..models.state_in_progress import StateInProgress
    from ..models.state_queued import StateQueued


T = TypeVar("T", bound="InferenceJob")


@_attrs_define
class InferenceJob:
    """
    Attributes:
        job_id (UUID):
        type_ (str): `INFERENCE` for jobs of this API (a plain string: other job types exist).
        request (InferenceRequest): The server's echo of the job configuration, defaults filled in.
        state (StateCompleted | StateFailed | StateInProgress | StateQueued):
    """

    job_id: UUID
    type_: str
    request: InferenceRequest
    state: StateCompleted | StateFailed | StateInProgress | StateQueued
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.state_completed import StateCompleted  # noqa: PLC0415
        from ..models.state_in_progress import StateInProgress  # noqa: PLC0415
        from ..models.state_queued import StateQueued  # noqa: PLC0415

        job_id = str(self.job_id)

        type_ = self.type_

        request = self.request.to_dict()

        state: dict[str, Any]
        if isinstance(self.state, StateQueued):
            state = self.state.to_dict()
        elif isinstance(self.state, StateInProgress):
            state = self.state.to_dict()
        elif isinstance(self.state, StateCompleted):
            state = self.state.to_dict()
        else:
            state = self.state.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_id": job_id,
                "type": type_,
                "request": request,
                "state": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.inference_request import InferenceRequest  # noqa: PLC0415
        from ..models.state_completed import StateCompleted  # noqa: PLC0415
        from ..models.state_failed import StateFailed  # noqa: PLC0415
        from ..models.state_in_progress import StateInProgress  # noqa: PLC0415
        from ..models.state_queued import StateQueued  # noqa: PLC0415

        d = dict(src_dict)
        job_id = UUID(d.pop("job_id"))

        type_ = d.pop("type")

        request = InferenceRequest.from_dict(d.pop("request"))

        def _parse_state(data: object) -> StateCompleted | StateFailed | StateInProgress | StateQueued:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_state_inference_type_0 = StateQueued.from_dict(data)

                return componentsschemas_state_inference_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_state_inference_type_1 = StateInProgress.from_dict(data)

                return componentsschemas_state_inference_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_state_inference_type_2 = StateCompleted.from_dict(data)

                return componentsschemas_state_inference_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_state_inference_type_3 = StateFailed.from_dict(data)

            return componentsschemas_state_inference_type_3

        state = _parse_state(d.pop("state"))

        inference_job = cls(
            job_id=job_id,
            type_=type_,
            request=request,
            state=state,
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
