"""The last time each Celery worker was seen (operations data, not a register).

No ``HistoricalRecords``: a row is overwritten every minute and its history says nothing a
person did; the row itself is the record.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    worker = models.CharField(_("arbetsprocess"), max_length=200, unique=True)
    last_seen = models.DateTimeField(_("senast sedd"))

    class Meta:
        verbose_name = _("hjärtslag från arbetsprocess")
        verbose_name_plural = _("hjärtslag från arbetsprocesser")
        ordering = ["-last_seen"]

    def __str__(self):
        return f"{self.worker} {self.last_seen:%Y-%m-%d %H:%M}"
