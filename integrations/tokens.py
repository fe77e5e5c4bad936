"""Where an adapter keeps its access token: shared by every worker through the cache."""

from typing import Protocol

from django.core.cache import cache


class TokenStore(Protocol):
    def get(self) -> str | None: ...
    def set(self, token: str, ttl_seconds: int) -> None: ...
    def clear(self) -> None: ...


class CacheTokenStore:
    """One connection's token in the Django cache (Redis), so workers share one token."""

    def __init__(self, key: str) -> None:
        self.key = f"integrations:token:{key}"

    def get(self) -> str | None:
        value = cache.get(self.key)
        return value if isinstance(value, str) else None

    def set(self, token: str, ttl_seconds: int) -> None:
        # Expire a little early so a token never dies in flight.
        cache.set(
            self.key,
            token,
            timeout=max(1, ttl_seconds - 30 if ttl_seconds > 60 else ttl_seconds // 2),
        )

    def clear(self) -> None:
        cache.delete(self.key)


class MemoryTokenStore:
    def __init__(self) -> None:
        self.token: str | None = None

    def get(self) -> str | None:
        return self.token

    def set(self, token: str, ttl_seconds: int) -> None:
        self.token = token

    def clear(self) -> None:
        self.token = None
