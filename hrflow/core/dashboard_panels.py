"""The registry of dashboard panels: each app adds its own from `AppConfig.ready()`.

A panel is a template plus the data it needs, built only for users whose roles
may see it, with a fixed number of queries. The dashboard asks every registered
builder in order and shows what comes back, so the staff shell never names a
higher app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Panel:
    title: Any
    template: str
    data: dict[str, Any] = field(default_factory=dict)


# Gets the signed-in user; returns the panel, or None when the user may not see it.
PanelBuilder = Callable[[Any], Panel | None]

_builders: dict[str, tuple[int, PanelBuilder]] = {}


def dashboard_panel_register(key: str, builder: PanelBuilder, *, order: int) -> None:
    """Add a panel under a unique key; lower `order` comes first on the page."""
    known = _builders.get(key)
    if known is not None and known != (order, builder):
        raise ImproperlyConfigured(f"two dashboard panels are called {key!r}")
    _builders[key] = (order, builder)


def dashboard_panels_for(user: Any) -> list[Panel]:
    panels = []
    for _order, builder in sorted(_builders.values(), key=lambda entry: entry[0]):
        panel = builder(user)
        if panel is not None:
            panels.append(panel)
    return panels
