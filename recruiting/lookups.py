"""`ILIKE` as a lookup, for substring search that a trigram index can serve.

Django's `icontains` compiles to `UPPER(column) LIKE UPPER(pattern)`, which a
`gin_trgm_ops` index on the column cannot answer, so every such search read
the whole table. `column ILIKE pattern` is answered by that index.
"""

from typing import Any

from django.db.models import CharField, Lookup, TextField


def like_escape(text: str) -> str:
    """`text` with LIKE's wildcards taken literally (backslash is the default escape)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class ILike(Lookup):
    """`field__ilike="%pattern%"`: the caller builds the pattern (see `like_escape`)."""

    lookup_name = "ilike"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", [*lhs_params, *rhs_params]


CharField.register_lookup(ILike)
TextField.register_lookup(ILike)
