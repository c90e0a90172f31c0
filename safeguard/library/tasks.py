"""Background work of the library (django-tasks): thin wrappers around ``indexing``."""

from __future__ import annotations

from django_tasks import task

from .indexing import file_extract
from .models import ResourceFile


@task()
def extract_file_text(file_id: int) -> str:
    """Extract a file's text per page and refresh its version's search rows."""
    file = ResourceFile.objects.select_related("version__resource").get(pk=file_id)
    return file_extract(file).extraction
