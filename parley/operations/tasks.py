"""Background work of operations: each task loads its object and calls one function."""

from django_tasks import task

from parley.operations.archive import build_export
from parley.operations.models import Export, ExportState


@task()
def build_export_task(export_id: int) -> None:
    export = Export.objects.select_related("member").filter(pk=export_id, state=ExportState.PENDING).first()
    if export is None:  # already built (a retried task), or the member is gone
        return
    build_export(export=export)
