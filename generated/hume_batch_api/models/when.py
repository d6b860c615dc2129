from enum import StrEnum


class When(StrEnum):
    CREATED_AFTER = "created_after"
    CREATED_BEFORE = "created_before"

    def __str__(self) -> str:
        return str(self.value)
