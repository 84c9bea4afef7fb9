"""``{% url %}`` that reverses each URL pattern once per process instead of once per link.

Django's tag calls ``reverse`` for every link it writes (~30–40 µs: the resolver's candidates,
the converters, the quoting): a table of 25 rows with a link each, the header's links and the
forms' actions cost a millisecond or two on every page. This tag (a built-in in ``TEMPLATES``,
replacing Django's) writes the same URL: for a view name with no arguments, or with positional
arguments that are all non-negative integers (ids), the pattern is reversed once with
placeholder numbers, and each link puts its ids in their places (as ``isms.links.id_url``).
Anything else — keyword arguments, strings, a pattern that the placeholders do not reverse
(a fixed number of digits) — goes through ``reverse`` as before, errors included.

The kept patterns are keyed by the resolver (a new one after ``clear_url_caches`` or another
``urlconf``), the script prefix, the language and the current app: what ``reverse`` depends on.
"""

from __future__ import annotations

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

# Distinct 19-digit numbers (no real id, valid for ``<id:…>``/``<int:…>``): one per argument.
_PLACEHOLDERS = tuple(9_182_736_450_918_273_600 + i for i in range(8))
_patterns: dict[tuple, tuple[str, ...] | None] = {}
_UNUSABLE = None


def _pattern(view_name: str, n: int, current_app) -> tuple[str, ...] | None:
    """The URL split around the ``n`` arguments' places, or None if they cannot be found."""
    try:
        marked = reverse(view_name, args=list(_PLACEHOLDERS[:n]), current_app=current_app)
    except NoReverseMatch:
        return _UNUSABLE
    parts, rest = [], marked
    for placeholder in _PLACEHOLDERS[:n]:
        head, sep, rest = rest.partition(str(placeholder))
        if not sep or str(placeholder) in rest:
            return _UNUSABLE
        parts.append(head)
    parts.append(rest)
    return tuple(parts)


def fast_reverse(view_name, args, current_app=None) -> str | None:
    """The URL ``reverse(view_name, args=args)`` gives, from the kept pattern; None when this
    call is not one the pattern can answer (then call ``reverse``)."""
    n = len(args)
    if n > len(_PLACEHOLDERS) or not isinstance(view_name, str):
        return None
    for arg in args:
        if type(arg) is not int or arg < 0:
            return None
    key = (get_resolver(get_urlconf()), get_script_prefix(), get_language(), view_name, n,
           current_app)
    try:
        parts = _patterns[key]
    except KeyError:
        parts = _patterns[key] = _pattern(view_name, n, current_app)
    if parts is None:
        return None
    if n == 0:
        return parts[0]
    out = [parts[0]]
    for arg, part in zip(args, parts[1:], strict=True):
        out.append(str(arg))
        out.append(part)
    return "".join(out)


class FastURLNode(URLNode):
    def render(self, context):
        if self.kwargs:
            return super().render(context)
        args = [arg.resolve(context) for arg in self.args]
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = fast_reverse(view_name, args, current_app)
        if url is None:
            return super().render(context)
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return FastURLNode(node.view_name, node.args, node.kwargs, node.asvar)
