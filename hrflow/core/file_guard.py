"""Files written inside a business action are deleted again when the action fails.

Storage is not transactional: a hire that copies five files and then fails on the
sixth would leave five orphans behind a rolled-back transaction. The action runs
inside `files_removed_on_failure()` (outside its `transaction.atomic`), and the
code that writes a file calls `file_written(name)`: if the block raises, every
name noted is deleted before the error goes on. A process killed mid-way runs no
`except`; `manage.py stored_files_sweep` removes those orphans later.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.storage import default_storage

_written: ContextVar[list[str] | None] = ContextVar("hrflow_files_written", default=None)


@contextmanager
def files_removed_on_failure() -> Iterator[list[str]]:
    """Note the files written inside the block; delete them if the block raises."""
    outer = _written.get()
    names: list[str] = [] if outer is None else outer
    token = _written.set(names) if outer is None else None
    try:
        yield names
    except BaseException:
        if outer is None:  # the outermost guard cleans up, once
            for name in names:
                default_storage.delete(name)
        raise
    finally:
        if token is not None:
            _written.reset(token)


def file_written(name: str) -> None:
    """Called after a file is saved to storage inside a guarded action."""
    names = _written.get()
    if names is not None:
        names.append(name)
