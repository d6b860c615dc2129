from enum import Enum


class SortBy(str, Enum):
    CREATED = "created"
    ENDED = "ended"
    STARTED = "started"

    def __str__(self) -> str:
        return str(self.value)
