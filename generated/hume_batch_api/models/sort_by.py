from enum import Enum


class SortBy(str, Enum):
    CREATED = "created"
    STARTED = "started"
    ENDED = "ended"

    def __str__(self) -> str:
        return str(self.value)
