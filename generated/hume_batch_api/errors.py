"""Contains shared errors types that can be raised from API functions"""


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class ResponseShapeError(ValueError):
    """A body that does not match its schema: `path` says where (JSON keys and list indices)."""

    def __init__(self, path: tuple[str | int, ...], reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{self.where}: {reason}")

    @property
    def where(self) -> str:
        """The path as `$.key[0].key`."""
        return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in self.path)

    @classmethod
    def at(cls, key: str | int, exc: Exception) -> "ResponseShapeError":
        """`exc`, raised while reading `key`, with `key` prepended to its path."""
        if isinstance(exc, cls):
            return cls((key, *exc.path), exc.reason)
        if isinstance(exc, KeyError):
            return cls((key,), "missing")
        return cls((key,), str(exc) or type(exc).__name__)


__all__ = ["ResponseShapeError", "UnexpectedStatus"]
