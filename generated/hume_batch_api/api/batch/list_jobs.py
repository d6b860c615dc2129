from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.direction import Direction
from ...models.error_message import ErrorMessage
from ...models.gateway_fault import GatewayFault
from ...models.inference_job import InferenceJob
from ...models.sort_by import SortBy
from ...models.status import Status
from ...models.when import When
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 50,
    status: list[Status] | Unset = UNSET,
    when: When | Unset = UNSET,
    timestamp_ms: int | Unset = UNSET,
    sort_by: SortBy | Unset = UNSET,
    direction: Direction | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_status: list[str] | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = []
        for status_item_data in status:
            status_item = status_item_data.value
            json_status.append(status_item)

    params["status"] = json_status

    json_when: str | Unset = UNSET
    if not isinstance(when, Unset):
        json_when = when.value

    params["when"] = json_when

    params["timestamp_ms"] = timestamp_ms

    json_sort_by: str | Unset = UNSET
    if not isinstance(sort_by, Unset):
        json_sort_by = sort_by.value

    params["sort_by"] = json_sort_by

    json_direction: str | Unset = UNSET
    if not isinstance(direction, Unset):
        json_direction = direction.value

    params["direction"] = json_direction

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v0/batch/jobs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | GatewayFault | list[InferenceJob] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data_index, response_200_item_data in enumerate(_response_200):
            try:
                response_200_item = InferenceJob.from_dict(response_200_item_data)

            except (TypeError, ValueError, AttributeError, KeyError) as exc:
                from hume_batch_api.errors import ResponseShapeError as _ShapeError  # noqa: PLC0415

                raise _ShapeError.at(response_200_item_data_index, exc) from None
            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = ErrorMessage.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = GatewayFault.from_dict(response.json())

        return response_401

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
) -> Response[ErrorMessage | GatewayFault | list[InferenceJob]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    status: list[Status] | Unset = UNSET,
    when: When | Unset = UNSET,
    timestamp_ms: int | Unset = UNSET,
    sort_by: SortBy | Unset = UNSET,
    direction: Direction | Unset = UNSET,
) -> Response[ErrorMessage | GatewayFault | list[InferenceJob]]:
    """List jobs

     Jobs of the account, newest first unless `direction=asc`. There is no cursor: page by time
    with `sort_by=created`, `when=created_before` and the oldest `created_timestamp_ms` seen.

    Args:
        limit (int | Unset):  Default: 50.
        status (list[Status] | Unset):
        when (When | Unset):
        timestamp_ms (int | Unset):
        sort_by (SortBy | Unset):
        direction (Direction | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | GatewayFault | list[InferenceJob]]
    """

    kwargs = _get_kwargs(
        limit=limit,
        status=status,
        when=when,
        timestamp_ms=timestamp_ms,
        sort_by=sort_by,
        direction=direction,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    status: list[Status] | Unset = UNSET,
    when: When | Unset = UNSET,
    timestamp_ms: int | Unset = UNSET,
    sort_by: SortBy | Unset = UNSET,
    direction: Direction | Unset = UNSET,
) -> ErrorMessage | GatewayFault | list[InferenceJob] | None:
    """List jobs

     Jobs of the account, newest first unless `direction=asc`. There is no cursor: page by time
    with `sort_by=created`, `when=created_before` and the oldest `created_timestamp_ms` seen.

    Args:
        limit (int | Unset):  Default: 50.
        status (list[Status] | Unset):
        when (When | Unset):
        timestamp_ms (int | Unset):
        sort_by (SortBy | Unset):
        direction (Direction | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | GatewayFault | list[InferenceJob]
    """

    return sync_detailed(
        client=client,
        limit=limit,
        status=status,
        when=when,
        timestamp_ms=timestamp_ms,
        sort_by=sort_by,
        direction=direction,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    status: list[Status] | Unset = UNSET,
    when: When | Unset = UNSET,
    timestamp_ms: int | Unset = UNSET,
    sort_by: SortBy | Unset = UNSET,
    direction: Direction | Unset = UNSET,
) -> Response[ErrorMessage | GatewayFault | list[InferenceJob]]:
    """List jobs

     Jobs of the account, newest first unless `direction=asc`. There is no cursor: page by time
    with `sort_by=created`, `when=created_before` and the oldest `created_timestamp_ms` seen.

    Args:
        limit (int | Unset):  Default: 50.
        status (list[Status] | Unset):
        when (When | Unset):
        timestamp_ms (int | Unset):
        sort_by (SortBy | Unset):
        direction (Direction | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | GatewayFault | list[InferenceJob]]
    """

    kwargs = _get_kwargs(
        limit=limit,
        status=status,
        when=when,
        timestamp_ms=timestamp_ms,
        sort_by=sort_by,
        direction=direction,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    status: list[Status] | Unset = UNSET,
    when: When | Unset = UNSET,
    timestamp_ms: int | Unset = UNSET,
    sort_by: SortBy | Unset = UNSET,
    direction: Direction | Unset = UNSET,
) -> ErrorMessage | GatewayFault | list[InferenceJob] | None:
    """List jobs

     Jobs of the account, newest first unless `direction=asc`. There is no cursor: page by time
    with `sort_by=created`, `when=created_before` and the oldest `created_timestamp_ms` seen.

    Args:
        limit (int | Unset):  Default: 50.
        status (list[Status] | Unset):
        when (When | Unset):
        timestamp_ms (int | Unset):
        sort_by (SortBy | Unset):
        direction (Direction | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | GatewayFault | list[InferenceJob]
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            status=status,
            when=when,
            timestamp_ms=timestamp_ms,
            sort_by=sort_by,
            direction=direction,
        )
    ).parsed
