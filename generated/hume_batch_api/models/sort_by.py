from enum import StrEnum


class SortBy(StrEnum):
    CREATED = "created"
    ENDED = "ended"
    STARTED = "started"

    def __str__(self) -> str:
        return str(self.value)
