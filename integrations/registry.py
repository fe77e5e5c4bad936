"""Vendor slug -> adapter class; a connection names its vendor by slug."""

from integrations.adapters.base import Adapter
from integrations.errors import ConfigError
from integrations.mianshibao.adapter import MianshiBaoAdapter
from integrations.vuesim.adapter import VueSimAdapter

ADAPTERS: dict[str, type[Adapter]] = {
    VueSimAdapter.slug: VueSimAdapter,
    MianshiBaoAdapter.slug: MianshiBaoAdapter,
}


def adapter_class(slug: str) -> type[Adapter]:
    try:
        return ADAPTERS[slug]
    except KeyError:
        raise ConfigError(f"no adapter for vendor {slug!r}") from None


def vendor_choices() -> list[tuple[str, str]]:
    return [(slug, cls.name) for slug, cls in ADAPTERS.items()]
