"""What a benchmark run cost: CPU per process (from /proc) and rows written per table.

CPU is read from /proc, so it works when PostgreSQL runs on this machine as a
plain process; rows come from PostgreSQL's own table statistics.
"""

import os
from contextlib import suppress
from pathlib import Path


def cpu_seconds(pids: list[int]) -> float:
    return sum(seconds or 0.0 for seconds in map(process_cpu, pids))


def process_cpu(pid: int) -> float | None:
    """User plus system CPU seconds of a process, from /proc; None when unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def backends_cpu(seen: dict[int, float]) -> None:
    """Note the CPU time of each PostgreSQL session on the bench database but ours.

    Sessions started during the ingest count in full; their CPU time is read from
    /proc, so it works when PostgreSQL runs on this machine as a plain process.
    """
    from django.db import connection as db

    with db.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        pids = [pid for (pid,) in cursor.fetchall()]
    for pid, seconds in zip(pids, map(process_cpu, pids), strict=True):
        if seconds is not None:
            seen[pid] = max(seen.get(pid, 0.0), seconds)


def table_writes() -> list[tuple[str, int, int, int]]:
    """Rows inserted, updated and deleted so far, per table of the bench database."""
    from django.db import connection as db

    with db.cursor() as cursor:
        # Our own pending statistics out first (PostgreSQL 15 and later).
        with suppress(Exception), db.cursor() as probe:
            probe.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables "
            "ORDER BY relname"
        )
        return [tuple(row) for row in cursor.fetchall()]


def table_writes_since(before: list[tuple[str, int, int, int]]) -> list[tuple[str, int, int, int]]:
    """What the ingest wrote, read once the worker has stopped (its sessions' statistics
    are flushed when they end); the tables it wrote to, most rows first."""
    earlier = {row[0]: row[1:] for row in before}
    changed = []
    for table, *now in table_writes():
        was = earlier.get(table, (0, 0, 0))
        delta = tuple(n - w for n, w in zip(now, was, strict=True))
        if any(delta):
            changed.append((table, *delta))
    return sorted(changed, key=lambda row: (-sum(row[1:]), row[0]))
