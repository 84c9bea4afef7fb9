"""Time the training import (preview + confirm) of a 10,000-row learning-platform CSV, twice
(the second run finds every row already recorded). Run against a migrated scratch database:

    DATABASE_URL=sqlite:////tmp/isms_timing.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/isms_timing.sqlite3 python manage.py shell < bench/training_import_timing.py
"""

import datetime as dt
import tempfile
import time

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from ledningssystem import services
from ledningssystem.models import TrainingCompletion
from nämnder import services as unit_services
from nämnder.models import OrganisationUnit

ROWS = 10_000
settings.MEDIA_ROOT = tempfile.mkdtemp()
unit = OrganisationUnit.objects.filter(short_name="tidtagning").first() or unit_services.unit_create(
    actor=None, short_name="tidtagning", name="Tidtagningsnämnden",
    administration_name="Tidtagningsförvaltningen", kind="specialist_board",
)
TrainingCompletion.objects.filter(unit=unit).delete()
day = dt.date.today() - dt.timedelta(days=3)
lines = ["e-post;namn;kurs;datum"] + [
    f"person{i:05}@example.se;Person {i};infosak-grund;{day.isoformat()}" for i in range(ROWS)
]
content = ("\n".join(lines) + "\n").encode()
for attempt in (1, 2):
    start = time.perf_counter()
    item, parsed = services.import_preview(actor=None, unit=unit,
                                           upload=SimpleUploadedFile("export.csv", content))
    preview = time.perf_counter() - start
    item = services.import_confirm(actor=None, training_import=item)
    total = time.perf_counter() - start
    print(f"run {attempt}: {ROWS} rows, preview {preview:.2f} s, preview+import {total:.2f} s, "
          f"new {item.created}, already there {item.existing}")
