from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.gateway_fault import GatewayFault
from ...models.inference_base_request import InferenceBaseRequest
from ...models.job_id import JobId
from ...models.local_file_job_request import LocalFileJobRequest
from ...types import Response


def _get_kwargs(
    *,
    body: InferenceBaseRequest | LocalFileJobRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v0/batch/jobs",
    }

    if isinstance(body, InferenceBaseRequest):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, LocalFileJobRequest):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | GatewayFault | JobId | None:
    if response.status_code == 200:
        response_200 = JobId.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorMessage.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = GatewayFault.from_dict(response.json())

        return response_401

    if response.status_code == 413:
        response_413 = ErrorMessage.from_dict(response.json())

        return response_413

    if response.status_code == 429:
        response_429 = ErrorMessage.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorMessage.from_dict(response.json())

        return response_500

    if response.status_code == 502:
        response_502 = ErrorMessage.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = ErrorMessage.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = ErrorMessage.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorMessage | GatewayFault | JobId]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: InferenceBaseRequest | LocalFileJobRequest,
) -> Response[ErrorMessage | GatewayFault | JobId]:
    """Start an inference job

     One operation, two bodies (§2.2, §2.3): `application/json` for URLs and text, or
    `multipart/form-data` with one or more `file` parts and an optional `json` part holding the
    same configuration. The job is created on receipt: there is no idempotency key, so a client
    must not blindly retry this request after it may have reached the server.

    Args:
        body (InferenceBaseRequest): Job configuration; the JSON body, and the multipart `json`
            part.
        body (LocalFileJobRequest): Multipart body of a job over uploaded files (§2.3).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | GatewayFault | JobId]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: InferenceBaseRequest | LocalFileJobRequest,
) -> ErrorMessage | GatewayFault | JobId | None:
    """Start an inference job

     One operation, two bodies (§2.2, §2.3): `application/json` for URLs and text, or
    `multipart/form-data` with one or more `file` parts and an optional `json` part holding the
    same configuration. The job is created on receipt: there is no idempotency key, so a client
    must not blindly retry this request after it may have reached the server.

    Args:
        body (InferenceBaseRequest): Job configuration; the JSON body, and the multipart `json`
            part.
        body (LocalFileJobRequest): Multipart body of a job over uploaded files (§2.3).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | GatewayFault | JobId
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: InferenceBaseRequest | LocalFileJobRequest,
) -> Response[ErrorMessage | GatewayFault | JobId]:
    """Start an inference job

     One operation, two bodies (§2.2, §2.3): `application/json` for URLs and text, or
    `multipart/form-data` with one or more `file` parts and an optional `json` part holding the
    same configuration. The job is created on receipt: there is no idempotency key, so a client
    must not blindly retry this request after it may have reached the server.

    Args:
        body (InferenceBaseRequest): Job configuration; the JSON body, and the multipart `json`
            part.
        body (LocalFileJobRequest): Multipart body of a job over uploaded files (§2.3).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | GatewayFault | JobId]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: InferenceBaseRequest | LocalFileJobRequest,
) -> ErrorMessage | GatewayFault | JobId | None:
    """Start an inference job

     One operation, two bodies (§2.2, §2.3): `application/json` for URLs and text, or
    `multipart/form-data` with one or more `file` parts and an optional `json` part holding the
    same configuration. The job is created on receipt: there is no idempotency key, so a client
    must not blindly retry this request after it may have reached the server.

    Args:
        body (InferenceBaseRequest): Job configuration; the JSON body, and the multipart `json`
            part.
        body (LocalFileJobRequest): Multipart body of a job over uploaded files (§2.3).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | GatewayFault | JobId
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
