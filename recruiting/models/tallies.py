"""How many applications stand in each stage, kept by the database as they change.

Lists that show counts (the jobs list, the board's columns, the dashboard) read
these few rows instead of counting applications: at a million applications,
counting a job's active ones per stage took 400 ms on every jobs-list request.

Triggers on recruiting_application keep the rows exact (migration 0017): one
statement-level trigger per INSERT, UPDATE and DELETE adds up the rows the
statement changed, in the same transaction. That covers every path that writes
applications - the services, bulk moves, erasure, the admin, the seed's COPY -
with no service having to remember; a bulk move of 5,000 cards is one upsert of
a few tally rows, not 5,000.
"""

from django.db import models


class ApplicationTally(models.Model):
    """Applications of one stage with one status, in the talent pool or not."""

    job = models.ForeignKey(
        "recruiting.Job", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    stage = models.ForeignKey(
        "recruiting.Stage", on_delete=models.CASCADE, related_name="+", db_index=False
    )  # the unique constraint's index leads with it
    status = models.CharField(max_length=20)
    # archived_at is set: the application is in the talent pool.
    pooled = models.BooleanField()
    count = models.IntegerField()

    class Meta:
        constraints = [
            # The triggers' upsert target.
            models.UniqueConstraint(
                fields=["stage", "status", "pooled"], name="recruiting_tally_unique"
            ),
        ]
        indexes = [models.Index(fields=["job", "status"], name="recruiting_tally_job_idx")]

    def __str__(self) -> str:
        return f"{self.stage_id} {self.status} {self.pooled}: {self.count}"
