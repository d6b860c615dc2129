"""Callback delivery: POST the job's outcome to ``callback_url`` when it ends.

Payloads (contract.md §9): ``{"job_id", "status": "COMPLETED", "predictions": [...]}`` or
``{"job_id", "status": "FAILED", "message"}``; JSON; a bounded number of tries with doubling
backoff. By default only loopback hosts are contacted, so the mock never reaches the outside.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from ._config import MockConfig
from ._store import Job, JobStore, now_ms


def is_loopback(url: str) -> bool:
    """True when ``url`` points at this machine (by name or loopback address; no DNS lookup)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def payload(job: Job, predictions: Any = None) -> dict[str, Any]:
    """The callback body of an ended job (``predictions``: its parsed predictions body)."""
    if job.failure is not None:
        return {"job_id": job.job_id, "status": "FAILED", "message": job.failure}
    return {"job_id": job.job_id, "status": "COMPLETED", "predictions": predictions}


async def deliver(job: Job, store: JobStore, config: MockConfig) -> None:
    """Wait until ``job`` ends, then POST its outcome; record it in ``store.callbacks``."""
    url = job.request["callback_url"]
    record: dict[str, Any] = {"job_id": job.job_id, "url": url, "attempts": 0, "delivered": False}
    if not (config.callback_allow_remote or is_loopback(url)):
        record["error"] = (
            "not delivered: callbacks go to loopback hosts only (callback_allow_remote)"
        )
        store.callbacks.append(record)
        store.count("callbacks.refused")
        return
    wait_s = (job.ended_ms - now_ms()) / 1000
    if wait_s > 0:
        await asyncio.sleep(wait_s)
    if job.failure is None:
        # Reuse the cached serialised predictions rather than re-encoding a large body.
        predictions = await asyncio.to_thread(job.predictions_bytes)
        head = orjson.dumps({"job_id": job.job_id, "status": "COMPLETED"})[:-1]
        body = head + b',"predictions":' + predictions + b"}"
    else:
        body = orjson.dumps(payload(job))
    delay = config.callback_backoff
    async with httpx.AsyncClient(timeout=config.callback_timeout, trust_env=False) as client:
        for attempt in range(1, config.callback_tries + 1):
            record["attempts"] = attempt
            try:
                response = await client.post(
                    url, content=body, headers={"Content-Type": "application/json"}
                )
                record["status_code"] = response.status_code
                if response.status_code < 300:
                    record["delivered"] = True
                    break
            except httpx.HTTPError as exc:
                record["error"] = type(exc).__name__
            if attempt < config.callback_tries:
                await asyncio.sleep(delay)
                delay *= 2
    record["at_ms"] = int(time.time() * 1000)
    store.callbacks.append(record)
    store.count("callbacks.delivered" if record["delivered"] else "callbacks.failed")
