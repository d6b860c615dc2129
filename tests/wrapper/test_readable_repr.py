"""What `wait_all` returns prints readably: fields the server left out read UNSET."""

from __future__ import annotations

import re

from hume_batch_api.types import UNSET
from humebatch import Client, InferenceJob


def test_wait_all_results_have_a_readable_repr(hume_mock) -> None:  # type: ignore[no-untyped-def]
    client = Client(hume_mock.api_key, base_url=hume_mock.url)
    job = client.submit(text=["a readable repr"])  # no transcription: left out of the echo
    (done,) = client.wait_all([job], timeout=60)
    assert isinstance(done, InferenceJob)
    shown = repr(done)
    assert not re.search(r"object at 0x[0-9a-f]+", shown), shown
    assert "transcription=UNSET" in shown
    assert repr(UNSET) == "UNSET" and not UNSET
