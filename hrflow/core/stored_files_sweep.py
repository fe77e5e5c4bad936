"""Remove stored files no row points to: what a process killed mid-action left behind.

`files_removed_on_failure` deletes the files of an action that raised; a process
killed between writing a file and committing runs no `except`, so its files stay
as orphans. This sweep lists the folders actions write into, and deletes each
file that no FileField of any model names and that is older than the grace
period (a file written a moment ago may belong to a transaction still open).
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

# Folders where guarded actions copy files (the hire's copies of documents).
SWEPT_FOLDERS = ["employees"]
GRACE = timedelta(hours=6)


def stored_files_sweep(
    *, folders: Iterable[str] = SWEPT_FOLDERS, now: datetime | None = None
) -> int:
    """Delete the orphaned files of `folders`; returns how many were deleted."""
    cutoff = (now or timezone.now()) - GRACE
    deleted = 0
    for folder in folders:
        try:
            _dirs, names = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        paths = [f"{folder}/{name}" for name in names]
        referenced = _referenced(paths)
        for path in paths:
            if path in referenced or default_storage.get_modified_time(path) > cutoff:
                continue
            default_storage.delete(path)
            deleted += 1
    return deleted


def _referenced(paths: list[str]) -> set[str]:
    found: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                found.update(
                    model._default_manager.filter(**{f"{field.name}__in": paths}).values_list(
                        field.name, flat=True
                    )
                )
    return found
