"""``{% clock item %}``: an obligation's remaining time or its sending, as one call.

It was an included template (``{% include %}`` with ``blocktranslate``) per obligation: the
deadlines page's 50 rows and the incident list's up to four obligations per row spent more in
that include than in their queries. The text is the same (the same message ids)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def clock(item) -> str:
    running = getattr(item, "clock", None)
    if running:
        if running["overdue"]:
            return format_html(
                '<span class="bad">{}</span>',
                _("Försenad: fristen passerade för %(t)s sedan") % {"t": running["text"]},
            )
        return format_html(
            '<span class="{}">{}</span>', "warning" if running["soon"] else "",
            _("%(t)s kvar") % {"t": running["text"]},
        )
    if item.sent_at:
        if item.was_late:
            return format_html('<span class="bad">{}</span>', _("Skickad för sent"))
        return _("Skickad i tid")
    return _("Gäller inte")
