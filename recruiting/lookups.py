"""`ILIKE` as a lookup, for substring search that a trigram index can serve, and
`has_piece` for the strings too short for trigrams.

Django's `icontains` compiles to `UPPER(column) LIKE UPPER(pattern)`, which a
`gin_trgm_ops` index on the column cannot answer, so every such search read
the whole table. `column ILIKE pattern` is answered by that index.

A trigram index cannot find one or two characters inside a string (a given
name such as 志伟 inside 张志伟): `column__has_piece="志伟"` asks whether the
column's one- and two-character pieces (recruiting_name_ngrams, migration 0018)
hold it, which a GIN index on those pieces answers.
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


class HasPiece(Lookup):
    """`field__has_piece="志伟"`: the one or two characters occur in the field (any case)."""

    lookup_name = "has_piece"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"recruiting_name_ngrams({lhs}) @> ARRAY[UPPER({rhs})]", [*lhs_params, *rhs_params]


CharField.register_lookup(ILike)
TextField.register_lookup(ILike)
CharField.register_lookup(HasPiece)
