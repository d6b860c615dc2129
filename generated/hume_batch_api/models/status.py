from enum import StrEnum


class Status(StrEnum):
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    IN_PROGRESS = "IN_PROGRESS"
    QUEUED = "QUEUED"

    def __str__(self) -> str:
        return str(self.value)
