"""``{% load i18n %}`` (``isms.templatetags.fast_i18n``) renders what Django's library renders:
``translate`` of a fixed text kept per language, every other form as Django's."""

import pytest
from django.template import Context, Engine, Template
from django.utils import translation

SOURCES = [
    '{% translate "Hoppa till innehållet" %}',
    '{% translate "Logga ut" %}|{% translate "Logga ut" %}',
    '{% trans "Start" %}',
    '{% translate "Start" as s %}[{{ s }}]{{ s }}',
    '{% translate "Start" noop %}',
    '{% translate "Start" context "meny" %}',
    '{% translate "start"|upper %}',
    '{% translate "100 %% <b>&" %}',
    '{% translate text %}',
    '{% blocktranslate count n=n %}{{ n }} granskning{% plural %}{{ n }} granskningar{% endblocktranslate %}',
    '{% get_current_language as lang %}{{ lang }}',
    '{% autoescape off %}{% translate "<b>" %}{% endautoescape %}{% translate "<b>" %}',
]


def _django(source, context):
    engine = Engine(libraries={"i18n": "django.templatetags.i18n"})  # Django's own
    return engine.from_string("{% load i18n %}" + source).render(Context(context))


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("source", SOURCES)
def test_the_tags_render_as_django_s(source, language):
    context = {"text": "Logga ut", "n": 2}
    with translation.override(language):
        for _ in range(2):  # the second time from what was kept
            fast = Template("{% load i18n %}" + source).render(Context(context))
            assert fast == _django(source, context)


def test_a_fixed_text_follows_the_language():
    template = Template('{% load i18n %}{% translate "January" %}')  # in Django's catalogues
    with translation.override("sv"):
        assert template.render(Context({})) == "januari"
    with translation.override("en"):
        assert template.render(Context({})) == "January"
    with translation.override("sv"):
        assert template.render(Context({})) == "januari"


def test_the_pages_load_the_fast_library():
    from isms.templatetags import fast_i18n

    assert Template("").engine.template_libraries["i18n"] is fast_i18n.register


def test_i18n_is_the_only_library_name_given_twice():
    """``templates.W003`` is silenced for ``i18n`` (the intended override): any other name
    that two template tag modules use is still an error here."""
    from collections import defaultdict

    from django.conf import settings
    from django.template.backends.django import get_template_tag_modules

    libraries = defaultdict(set)
    for conf in settings.TEMPLATES:
        for name, path in conf.get("OPTIONS", {}).get("libraries", {}).items():
            libraries[name].add(path)
    for name, path in get_template_tag_modules():
        libraries[name].add(path)
    twice = {name: paths for name, paths in libraries.items() if len(paths) > 1}
    assert twice == {"i18n": {"django.templatetags.i18n", "isms.templatetags.fast_i18n"}}
