"""The pages' ``{% url %}`` (``isms.templatetags.fast_url``, a built-in) writes what Django's
tag writes: for every named URL of the portal with ids, without arguments, with keyword
arguments, ``as`` a variable, and fails the same way."""

import pytest
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.test import override_settings
from django.urls import NoReverseMatch, get_resolver, reverse, set_script_prefix

from isms.templatetags.fast_url import fast_reverse


def _named_patterns():
    """(view name, number of arguments) of every named URL, namespaces included."""
    found = []

    def walk(resolver, ns):
        for key in resolver.reverse_dict:
            if isinstance(key, str):
                for possibility, _pattern, _defaults, _converters in resolver.reverse_dict.getlist(key):
                    for _result, params in possibility:
                        found.append((ns + key, len(params)))
        for name, (_prefix, sub) in resolver.namespace_dict.items():
            walk(sub, ns + name + ":")

    walk(get_resolver(), "")
    return sorted(set(found))


@pytest.mark.parametrize("ids", [(1, 2, 3, 4), (0, 7, 123456, 9), (987654321012, 5, 6, 7)])
def test_every_portal_url_with_ids_is_what_reverse_gives(ids):
    checked = 0
    for name, n in _named_patterns():
        args = list(ids[:n])
        try:
            expected = reverse(name, args=args)
        except NoReverseMatch:
            expected = None
        got = fast_reverse(name, args)
        if got is not None:
            assert got == expected, name
            checked += 1
    assert checked > 100


def _both(source, **context):
    fast = Template(source).render(Context(context))
    django = Engine(libraries={}).from_string(source).render(Context(context))
    return fast, django


@pytest.mark.parametrize("source", [
    "{% url 'start' %}",
    "{% url 'unit_detail' pk %}",
    "{% url 'unit_detail' pk=pk %}",
    "{% url 'unit_detail' text %}",
    "{% url 'unit_detail' pk as link %}[{{ link }}]",
    "{% url 'no_such_view' as link %}[{{ link }}]",
    "{% url name pk %}",
    "{% url 'ledningssystem:finding_detail' pk %}",
])
def test_the_tag_writes_what_django_writes(source):
    fast, django = _both(source, pk=42, text="42", name="unit_detail")
    assert fast == django


@pytest.mark.parametrize("source", ["{% url 'no_such_view' %}", "{% url 'unit_detail' -1 %}",
                                    "{% url 'unit_detail' %}"])
def test_a_url_that_does_not_reverse_fails_as_before(source):
    with pytest.raises(NoReverseMatch):
        Template(source).render(Context({}))
    with pytest.raises(TemplateSyntaxError):
        Template("{% url %}")


def test_the_script_prefix_is_respected():
    unit = reverse("unit_detail", args=[5])
    set_script_prefix("/lis/")
    try:
        assert fast_reverse("unit_detail", [5]) == "/lis" + unit
    finally:
        set_script_prefix("/")
    assert fast_reverse("unit_detail", [5]) == unit


@override_settings(ROOT_URLCONF="tests.isms.urls_fast_url_f")
def test_another_urlconf_is_another_pattern():
    assert fast_reverse("unit_detail", [5]) == "/annan/5/"
    assert Template("{% url 'unit_detail' 5 %}").render(Context({})) == "/annan/5/"


def test_the_pages_use_the_fast_tag():
    from isms.templatetags import fast_url

    assert fast_url.register in Template("").engine.template_builtins
