"""Register-agnostic export views on top of ``isms.exports``.

A register's view narrows its rows through the access module and describes its columns once;
``export_or_404`` checks the format from the URL and answers the download. ``export_path`` gives
the URL pattern every register uses (``.../export.csv`` and ``.../export.xlsx``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404
from django.urls import path

from .exports import FORMATS, Column, export_response


def export_or_404(*, fmt: str, rows: Iterable, columns: list[Column], title: str):
    if fmt not in FORMATS:
        raise Http404
    return export_response(rows=rows, columns=columns, title=title, fmt=fmt)


def export_path(route_prefix: str, view, name: str):
    """``export_path("", views.report_export, "report_export")`` → ``export.<fmt>``."""
    return path(f"{route_prefix}export.<str:fmt>", view, name=name)
