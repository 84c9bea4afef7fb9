"""Django's ``i18n`` template library, with ``{% translate "…" %}`` of a fixed text looked up
once per language instead of at every render.

Django's tag translates its text each time it is rendered (a lazy translation, the active
catalogue through thread-local lookups, escaping: ~10–15 µs); a page has 50–100 of them (the
layout's menu and headings, a table's column heads and each row's status words). This library
(``{% load i18n %}`` loads it: ``libraries`` in ``TEMPLATES``) is Django's own, tag for tag;
only ``translate``/``trans`` of a plain string — no filters, no ``context``, not ``noop`` —
keeps what it rendered per language and autoescaping, the same text. Everything else renders
as before.
"""

from __future__ import annotations

from django import template
from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

_rendered: dict[tuple, str] = {}


class FastTranslateNode(django_i18n.TranslateNode):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        expression = self.filter_expression
        self.fixed = (
            not self.noop and self.message_context is None and not expression.filters
            and getattr(expression.var, "lookups", True) is None
        )

    def render(self, context):
        if not self.fixed:
            return super().render(context)
        key = (get_language(), self.filter_expression.var.literal, context.autoescape)
        value = _rendered.get(key)
        if value is None:
            if self.asvar:
                super().render(context)
                value = context[self.asvar]
            else:
                value = super().render(context)
            _rendered[key] = value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


def _fast(parser, token):
    node = django_i18n.do_translate(parser, token)
    return FastTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


register.tag("translate", _fast)
register.tag("trans", _fast)
