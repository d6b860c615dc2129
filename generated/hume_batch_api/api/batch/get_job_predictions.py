from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.gateway_fault import GatewayFault
from ...models.source_predict_result import SourcePredictResult
from ...types import Response


def _get_kwargs(
    id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v0/batch/jobs/{id}/predictions".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | GatewayFault | list[SourcePredictResult] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data_index, response_200_item_data in enumerate(_response_200):
            try:
                response_200_item = SourcePredictResult.from_dict(response_200_item_data)

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

    if response.status_code == 404:
        response_404 = ErrorMessage.from_dict(response.json())

        return response_404

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
) -> Response[ErrorMessage | GatewayFault | list[SourcePredictResult]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorMessage | GatewayFault | list[SourcePredictResult]]:
    """Get job predictions

     The JSON predictions of a completed job: one element per source (URL, uploaded file, or
    one element for all `text` strings). A job that is not COMPLETED answers 400 with a message
    (the real API's answer is not documented; this is the mock's, see contract.md §2.5).

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | GatewayFault | list[SourcePredictResult]]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorMessage | GatewayFault | list[SourcePredictResult] | None:
    """Get job predictions

     The JSON predictions of a completed job: one element per source (URL, uploaded file, or
    one element for all `text` strings). A job that is not COMPLETED answers 400 with a message
    (the real API's answer is not documented; this is the mock's, see contract.md §2.5).

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | GatewayFault | list[SourcePredictResult]
    """

    return sync_detailed(
        id=id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorMessage | GatewayFault | list[SourcePredictResult]]:
    """Get job predictions

     The JSON predictions of a completed job: one element per source (URL, uploaded file, or
    one element for all `text` strings). A job that is not COMPLETED answers 400 with a message
    (the real API's answer is not documented; this is the mock's, see contract.md §2.5).

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | GatewayFault | list[SourcePredictResult]]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorMessage | GatewayFault | list[SourcePredictResult] | None:
    """Get job predictions

     The JSON predictions of a completed job: one element per source (URL, uploaded file, or
    one element for all `text` strings). A job that is not COMPLETED answers 400 with a message
    (the real API's answer is not documented; this is the mock's, see contract.md §2.5).

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | GatewayFault | list[SourcePredictResult]
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
