from enum import Enum


class When(str, Enum):
    CREATED_AFTER = "created_after"
    CREATED_BEFORE = "created_before"

    def __str__(self) -> str:
        return str(self.value)
