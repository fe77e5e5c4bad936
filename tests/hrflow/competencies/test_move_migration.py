"""Recruiting 0022 and competencies 0001-0002 move Dimension without touching the
database: scores keep their dimension both ways, and the content type (with its
permissions) follows the model."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from hrflow.competencies.models import Dimension
from recruiting.models import Assessment, AssessmentDimensionScore
from tests.recruiting.factories import ApplicationFactory

BEFORE = [("recruiting", "0021_candidate_name_pieces")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps


def _dimension_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'recruiting_dimension' ORDER BY column_name"
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_scores_keep_their_dimension_and_the_content_type_follows_the_model():
    assessment = Assessment.objects.create(
        application=ApplicationFactory(),
        kind=Assessment.Kind.AI_INTERVIEW,
        source="conn:test",
        external_id="move-1",
    )
    communication = Dimension.objects.get(code="communication")
    score = AssessmentDimensionScore.objects.create(
        assessment=assessment, dimension=communication, vendor_key="comm", score=Decimal(80)
    )
    columns = _dimension_columns()
    try:
        old = _migrate(BEFORE)
        old_score = old.get_model("recruiting", "AssessmentDimensionScore").objects.get(pk=score.pk)
        before = (old_score.dimension._meta.app_label, old_score.dimension.code)
        old_labels = set(
            old.get_model("contenttypes", "ContentType")
            .objects.filter(model="dimension")
            .values_list("app_label", flat=True)
        )
    finally:
        new = _migrate_to_latest()

    assert before == ("recruiting", "communication")
    assert old_labels == {"recruiting"}
    new_score = new.get_model("recruiting", "AssessmentDimensionScore").objects.get(pk=score.pk)
    assert (new_score.dimension._meta.app_label, new_score.dimension_id) == (
        "competencies",
        communication.pk,
    )
    # Same table, same columns: nothing was copied or rebuilt.
    assert _dimension_columns() == columns
    content_type = new.get_model("contenttypes", "ContentType").objects.get(
        app_label="competencies", model="dimension"
    )
    codenames = set(
        new.get_model("auth", "Permission")
        .objects.filter(content_type=content_type)
        .values_list("codename", flat=True)
    )
    assert {"add_dimension", "change_dimension", "view_dimension"} <= codenames
