from enum import Enum


class When(str, Enum):
    CREATED_BEFORE = "created_before"
    CREATED_AFTER = "created_after"

    def __str__(self) -> str:
        return str(self.value)
