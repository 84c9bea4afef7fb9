"""One yearly report rendered to PDF in this process, for ``make bench``:

    python -m bench.pdf farsta    # the unit's report
    python -m bench.pdf stad      # the city's report

Prints JSON: seconds (selectors + HTML + WeasyPrint; the report is not archived: its row is
rolled back), pages, size and the process's peak RSS before and after. Run it in a fresh
process per report so the peak is the report's.
"""

import json
import os
import resource
import sys
import tempfile
import time


def main(scope: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isms.settings")
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from nämnder.models import OrganisationUnit
    from rapporter import rendering
    from rapporter.models import Report, ReportKind

    class Rollback(Exception):
        pass

    unit = None if scope == "stad" else OrganisationUnit.objects.get(short_name=scope)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {}
    try:
        with transaction.atomic():
            report = Report(
                kind=ReportKind.CITY_YEARLY if unit is None else ReportKind.UNIT_YEARLY,
                unit=unit, year=timezone.localdate().year, parameters={"benchmark": True},
            )
            report.save()
            t0 = time.perf_counter()
            html = rendering.render_report_html(report=report, generated_at=timezone.now())
            t1 = time.perf_counter()
            with tempfile.TemporaryFile(suffix=".pdf") as pdf:
                rendering.write_pdf(html=html, target=pdf)
                t2 = time.perf_counter()
                size = pdf.tell()
                pdf.seek(0)
                from pypdf import PdfReader

                pages = len(PdfReader(pdf).pages)
            result = {"html_s": t1 - t0, "total_s": t2 - t0, "pages": pages, "bytes": size}
            raise Rollback
    except Rollback:
        pass
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result.update(rss_before_mb=rss_before / 1024, rss_peak_mb=rss_after / 1024)
    return result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
