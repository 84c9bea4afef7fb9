"""Report downloads in the read-access log (``isms.audit``; issue 14). Registered in
``RapporterConfig.ready()``.

A yearly report summarises the registers, protected information included (classification
levels, incidents), so every download of a report's PDF is logged, whatever it holds: one entry
per download (action "download") naming the report and its unit (none for the city's report).
The report page itself shows only the report's metadata and is not logged.
"""

from __future__ import annotations

from .models import Report


def protected_reports(ids) -> dict[int, int | None]:
    """{report id: unit id} for every report among ``ids`` (one query)."""
    return dict(Report.objects.filter(pk__in=ids).order_by().values_list("pk", "unit_id"))
