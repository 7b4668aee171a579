"""Migration news/0014: documents linked before the order existed keep
their links, numbered in the title order readers saw."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("news", "0015_remove_lead_image")]
AFTER = [("news", "0016_release_documents_order_and_gallery")]


@pytest.mark.django_db(transaction=True)
def test_existing_download_links_are_kept_in_title_order():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    release = old.get_model("news", "PressRelease").objects.create(title="R")
    Document = old.get_model("documents", "Document")
    zeta, alpha = (
        Document.objects.create(title="Zeta"),
        Document.objects.create(title="Alpha"),
    )
    release.documents.add(zeta, alpha)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    links = new.get_model("news", "ReleaseDocument").objects.filter(
        release_id=release.pk
    )
    assert [
        (link.document.title, link.sort_order) for link in links.order_by("sort_order")
    ] == [("Alpha", 0), ("Zeta", 1)]

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
