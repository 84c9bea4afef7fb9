"""Helpers for bulk loaders (``seed_scale``'s scale seeders): rows inserted with the dates the
work happened on."""

from contextlib import contextmanager

from django.db import models


@contextmanager
def keep_timestamps(*model_classes):
    """Insert the dates the work happened on, not today's: auto_now(_add) off for the block."""
    saved = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
