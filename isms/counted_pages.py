"""A page of a register read as its keys with the total, then the rows of those keys.

Django's ``Paginator`` runs the list's filter twice, once to count and once for the page, and
the page query joins every related table (``select_related``) before it sorts and cuts: for a
unit's risk register at city scale PostgreSQL hashed all of ``auth_user`` (1,240 people) for
25 rows, and the "overdue" filter looked up every risk's actions twice. Here the first query
sorts and cuts the list's keys alone, with the total counted over the same filtered rows
(``COUNT(*) OVER ()``), and the second reads the rows of those keys with their people and
unit: the filter runs once over the list and once over the page's rows, and the joins touch
the page's rows only. The same number of queries, the same rows in the same order, the same
count, and Django's answers to a page number that is not one (the first page) or past the end
(the last page, read by counting first).
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

_TOTAL = "isms_page_total"


class CountedKeysPaginator(Paginator):
    """For a queryset ordered as the page shows it; its order need not end in the key (one
    query sorts and cuts, as the plain ``OFFSET`` did)."""

    def _rows(self, keys: list, number: int) -> Page:
        rows = {obj.pk: obj for obj in self.object_list.filter(pk__in=keys).order_by()}
        return self._get_page([rows[k] for k in keys if k in rows], number, self)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:bottom + self.per_page])
        return self._rows(keys, number)

    def get_page(self, number) -> Page:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        bottom = (number - 1) * self.per_page
        # A window counts the rows before DISTINCT or GROUP BY makes them fewer: such a list is
        # counted as Django does.
        query = self.object_list.query
        counted_as_rows = not query.distinct and query.group_by is None
        # A page number the database cannot take as an offset (a bigint) is past the end.
        if counted_as_rows and number >= 1 and bottom + self.per_page < 2**63:
            rows = list(
                self.object_list.annotate(**{_TOTAL: Window(Count("*"))})
                .values_list("pk", _TOTAL)[bottom:bottom + self.per_page]
            )
            if rows:
                self.__dict__["count"] = rows[0][1]  # Paginator.count is a cached_property
                return self._rows([pk for pk, _total in rows], number)
            if number == 1:
                self.__dict__["count"] = 0
                return self._get_page([], 1, self)
        # Before the first page or past the last: Django's answer (the last page), counted.
        return super().get_page(number)
