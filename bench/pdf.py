"""One yearly report rendered to PDF in this process, for ``make bench``:

    python -m bench.pdf farsta                 # the unit's report
    python -m bench.pdf farsta --assets 3000   # the same unit grown to 3,000 assets
    python -m bench.pdf stad                   # the city's report

Prints JSON: seconds (selectors + HTML + WeasyPrint; the report is not archived: its row is
rolled back), pages, size and the process's peak RSS before and after. Run it in a fresh
process per report so the peak is the report's. ``--assets N`` first moves other units' assets
(the lowest ids, renamed to keep names unique in the unit) into the unit until it has N, inside
the same rolled-back transaction: the city's seed has no unit that large.
"""

import json
import os
import resource
import sys
import tempfile
import time


def _grow(unit, assets: int) -> None:
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Cast, Concat

    from klassning.models import InformationAsset

    need = assets - InformationAsset.objects.filter(unit=unit).count()
    if need <= 0:
        return
    ids = list(InformationAsset.objects.exclude(unit=unit).order_by("id")
               .values_list("id", flat=True)[:need])
    InformationAsset.objects.filter(id__in=ids).update(
        unit=unit, name=Concat(F("name"), Value(" #"), Cast("id", CharField())),
    )


def main(scope: str, assets: int | None = None) -> dict:
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
            if unit is not None and assets:
                _grow(unit, assets)
            from klassning.models import InformationAsset

            result["assets"] = (
                InformationAsset.objects.filter(unit=unit) if unit else InformationAsset.objects
            ).count()
            t0 = time.perf_counter()
            rendered = rendering.render_report(report=report, generated_at=timezone.now())
            t1 = time.perf_counter()
            with tempfile.TemporaryFile(suffix=".pdf") as pdf:
                rendering.write_pdf(html=rendered.html, target=pdf,
                                    attachments=rendered.attachments)
                t2 = time.perf_counter()
                size = pdf.tell()
                pdf.seek(0)
                from pypdf import PdfReader

                pages = len(PdfReader(pdf).pages)
            result.update(html_s=t1 - t0, total_s=t2 - t0, pages=pages, bytes=size)
            raise Rollback
    except Rollback:
        pass
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result.update(rss_before_mb=rss_before / 1024, rss_peak_mb=rss_after / 1024)
    return result


if __name__ == "__main__":
    grow = int(sys.argv[3]) if sys.argv[2:3] == ["--assets"] else None
    print(json.dumps(main(sys.argv[1], grow)))
