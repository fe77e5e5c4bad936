"""Ingest lanes: which worker lane records a pulled result, and the batch format.

A pull stores each page's records split over a fixed number of lanes; each
lane records its batches one at a time in fetch order, and the lanes run in
parallel. The lane is a hash of the record's ordering key, the vendor's
candidate: every version of a result, and every result of a candidate (their
retakes, the scores on their card), lands in the same lane and is recorded in
the order it was fetched, so the lanes do not contend for the same rows.
Records without a key go by their result id. Correctness does not rest on
this: record_assessment_results locks each application it writes to, decides
between versions by the vendor's own version, and links retakes whichever
attempt arrives first.
"""

import json
import zlib
from collections.abc import Iterable, Sequence
from datetime import datetime

from integrations.contracts import RawRecord


def lane_of(key: str, lanes: int) -> int:
    """A stable lane for an ordering key (crc32: the same in every process, unlike hash())."""
    return zlib.crc32(key.encode()) % lanes


def split_by_lane(records: Iterable[RawRecord], lanes: int) -> dict[int, list[RawRecord]]:
    """A page's records per lane, each lane's in page order; lanes without records absent."""
    split: dict[int, list[RawRecord]] = {}
    for record in records:
        key = record.ordering_key or record.external_result_id
        split.setdefault(lane_of(key, lanes), []).append(record)
    return split


def encode_records(records: Sequence[RawRecord]) -> bytes:
    """JSON, deflated at the fastest level: a page is mostly repeated keys, and PostgreSQL
    would otherwise compress it itself, slower (the column is stored uncompressed)."""
    text = json.dumps(
        [
            [
                r.external_result_id,
                r.vendor_updated_at.isoformat() if r.vendor_updated_at else None,
                r.vendor_revision,
                r.ordering_key,
                r.body,
            ]
            for r in records
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return zlib.compress(text.encode(), 1)


def decode_records(data: bytes) -> list[RawRecord]:
    return [
        RawRecord(
            external_result_id=result_id,
            vendor_updated_at=datetime.fromisoformat(updated) if updated else None,
            vendor_revision=revision,
            body=body,
            ordering_key=key,
        )
        for result_id, updated, revision, key, body in json.loads(zlib.decompress(data))
    ]
