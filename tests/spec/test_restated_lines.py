"""The rule of ``benchmarks/restated_lines.py``, which counts hand-written lines restating the
spec (README, "Changing the API"): what counts, what does not."""

from __future__ import annotations

from support.openapi import spec

from benchmarks.restated_lines import restating_lines, spec_facts

SOURCE = '''
"""A docstring naming fps_pred does not count."""
RULES = {"fps_pred": (0, None)}  # an option name: counts
LIMIT = 100  # the spec's maxItems: counts
SIZE = 100 * 2**20  # counts (the 100)
LEVELS = ("word", "utterance")  # enum values: count
STATUS = "FAILED"  # counts
from hume_batch_contract import MAX_URLS  # reading the contract: does not
columns = ("text", "file")  # request field names and words: do not
x = 1  # 0 and 1 never count
'''


def test_the_rule_counts_restated_literals_only() -> None:
    words, numbers, fields = spec_facts(spec())
    assert {
        "fps_pred",
        "granularity",
        "confidence_threshold",
        "face",
        "utterance",
        "QUEUED",
    } <= words
    assert {"text", "urls", "models", "callback_url"}.isdisjoint(words)
    assert numbers == {100, 100 * 2**20}  # maxItems; the file limit in bytes (and in MB: 100)
    assert {"emotions", "grouped_predictions", "box"} <= fields
    assert restating_lines(SOURCE, words, numbers) == {3, 4, 5, 6, 7}
