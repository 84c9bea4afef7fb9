"""Plug-in points: where an app adds itself to pages it does not own.

Each app fills these from its ``AppConfig.ready()``; the pages that show them (the menu, the
start page, a unit's page, the yearly report, its "förändringar under året", ``seed_demo``) read
them from here and name no app. An app that is not installed registers nothing, so none of its
code runs on another app's page. Every entry has an explicit ``order`` (ties are broken by its
key), so the order never depends on ``INSTALLED_APPS``.

Points:
- :func:`register_nav`: an entry in the main menu (``visible``: shown only to whom it says).
- :func:`register_account_link`: a link in the signed-in person's own area of the header (beside
  "Logga ut"), e.g. "Mina personuppgifter".
- :func:`register_start_panel`: a section on the start page (a template and its context).
- :func:`register_unit_link`: a link in the action list of a unit's page.
- :func:`register_object_panel`: a section on another app's detail page (an IT service, an
  information asset, a requirement on an action plan): e.g. the risks that concern it and a
  "starta riskanalys" link, or its supplier. The page renders ``{% object_panels obj %}``.
- :func:`register_report_section`: a section of the yearly report (one selector, one template).
  A section without a selector is a placeholder ("Ännu inte registrerat i portalen"); a recorded
  section with the same key replaces it, whichever app registers first.
- :func:`register_history_source`: a model whose audit trail counts in the report's changes.
- :func:`register_demo_seeder`: a callable ``(units=, users=, stdout=)`` run by ``seed_demo``.
- :func:`register_scale_seeder`: a callable ``(ctx=)`` run by ``seed_scale`` (a city-sized,
  deterministic data set for ``make bench``); ``ctx`` is a :class:`ScaleContext`.
- :func:`register_export`: a register's list page that exports CSV/XLSX (``?format=``).
- :func:`register_urls`: the app's URL module, included in the root URLconf at a prefix.
- :func:`register_catalogue`: an app whose shared catalogues the city-wide security function
  maintains in the admin (it gets every model permission of the app).
- :func:`register_background_queue`: background work an app records in the database (the
  outbox, ``isms.outbox``): how much waits and since when (the operations page), and a sweep
  that sends again what the broker never got or a killed worker left (a beat task).
- :func:`register_readiness_check`: a dependency ``/readyz`` reports (``isms.health``).
- :func:`register_user_column`: a value loaded with the signed-in person on every request, in the
  one query that reads them (``tvasteg.backends``), e.g. their number of unread notifications
  for the menu's badge: an expression over the user's ``OuterRef("pk")``, set on
  ``request.user`` under its key.
- :func:`register_dashboard_source`: a register's part of the dashboards (``oversikt``): what
  waits for a person (*att göra*, :class:`TodoItem`) and its key figures per unit
  (:class:`Figure`), each computed for many units at once with grouped queries, and sections
  of the unit's dashboard beyond the figures (:class:`DashboardSection`, e.g. a heatmap).
"""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.template import RequestContext
from django.template.loader import get_template
from django.utils.functional import Promise

from .links import kept_url

Text = Promise | str


@dataclass(frozen=True)
class NavEntry:
    order: int
    label: Text
    url_name: str  # "app:view"; the entry is current on the view's url_name
    # (request) -> a number shown beside the label (e.g. unread notifications), 0 for none;
    # ``badge_label`` says what it counts to screen readers ("olästa").
    badge: Callable[..., int] | None = None
    badge_label: Text = ""
    # (request) -> whether the person may use the page: the entry is left out otherwise (the
    # page still enforces access itself). None: shown to everyone signed in.
    visible: Callable[..., bool] | None = None


@dataclass(frozen=True)
class AccountLink:
    order: int
    label: Text
    url_name: str  # "app:view", no arguments: a page about the signed-in person


@dataclass(frozen=True)
class StartPanel:
    order: int
    key: str
    template: str
    # (request) -> extra context for the template; None for none.
    context: Callable[..., dict] | None = None


@dataclass(frozen=True)
class UnitLink:
    order: int
    label: Text
    url: Callable[..., str]  # (unit) -> href


@dataclass(frozen=True)
class ObjectPanel:
    order: int
    key: str
    model: str  # "app_label.ModelName" of the object whose page shows the panel
    template: str
    # (request, obj) -> the template's context, or None to show nothing for this object.
    context: Callable[..., dict | None]


@dataclass(frozen=True)
class ReportSection:
    order: int
    key: str
    title: Text
    # (*, unit, year, units) -> dict; unit None is the city report, ``units`` the units it
    # summarises (one row each in its summary table).
    selector: Callable[..., dict] | None = None
    template: str = ""  # a placeholder gets the report's "not yet recorded" template
    # What the riktlinje asks of this section: printed under "not yet recorded".
    expects: Text = ""
    # True: the section shows the registers at a moment (31 December of a past year, rebuilt
    # from history, or generation for the current year), and the PDF labels it so. False: it
    # covers the chosen year.
    snapshot: bool = False

    @property
    def recorded(self) -> bool:
        return self.selector is not None


@dataclass(frozen=True)
class ReportAttachment:
    """A file a report section embeds in the PDF (PDF/A-3 allows embedded files), e.g. a long
    register in full when the PDF lists only part of it. A section returns it in
    ``data["attachments"]``; the report's archive records its name and rows."""

    name: str  # the file name readers show, e.g. "informationsmangder-farsta-2026.xlsx"
    description: Text
    content: bytes
    rows: int  # data rows (without the header), recorded in the report's parameters


@dataclass
class SummaryPart:
    """Columns a report section adds to the city summary: values per unit id, and the totals."""

    columns: list[str]
    rows: dict[int, list] = field(default_factory=dict)
    totals: list = field(default_factory=list)


@dataclass(frozen=True)
class HistorySource:
    order: int
    model: str  # "app_label.ModelName"
    unit_lookup: str  # from a historical record to its unit's id, e.g. "asset__unit"


@dataclass(frozen=True)
class DemoSeeder:
    order: int
    seed: Callable[..., None]  # (*, units, users, stdout)


@dataclass(frozen=True)
class ScaleSeeder:
    order: int
    seed: Callable[..., None]  # (*, ctx)


@dataclass
class ScaleContext:
    """What ``seed_scale`` hands each scale seeder, in order: ``rng`` (a seeded
    ``random.Random``), ``scale`` (1.0 = the city), ``units`` and ``users`` (seed_demo's, by short
    name and username), ``now`` and ``stdout``. A seeder may add what later ones read to
    ``shared`` (e.g. the organisation's members by unit) and what it inserted to ``counts``."""

    rng: object
    scale: float
    units: dict
    users: dict
    now: object
    stdout: object
    shared: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)

    def scaled(self, n: int, minimum: int = 1) -> int:
        return max(minimum, round(n * self.scale))


@dataclass(frozen=True)
class ExportEntry:
    order: int
    label: Text
    url_name: str


@dataclass(frozen=True)
class UrlInclude:
    order: int
    prefix: str  # "" or "path/"
    module: str  # "app.urls"


_nav: list[NavEntry] = []
_start_panels: list[StartPanel] = []
_account_links: list[AccountLink] = []
_unit_links: list[UnitLink] = []
_object_panels: list[ObjectPanel] = []
_report_sections: dict[str, ReportSection] = {}
_history_sources: list[HistorySource] = []
_demo_seeders: list[DemoSeeder] = []
_scale_seeders: list[ScaleSeeder] = []
_exports: list[ExportEntry] = []
@dataclass(frozen=True)
class BackgroundQueue:
    order: int
    key: str
    label: Text
    # () -> QueueStatus: what waits and since when (read by the operations page).
    status: Callable[..., QueueStatus]
    # (*, now) -> int: send again what is overdue (idempotently); returns how many were sent.
    sweep: Callable[..., int] | None = None


@dataclass(frozen=True)
class QueueStatus:
    waiting: int = 0  # recorded, not yet started
    running: int = 0  # started, not finished
    oldest_waiting: object = None  # datetime of the oldest waiting job, or None
    failed_recently: int = 0


@dataclass(frozen=True)
class ReadinessCheck:
    order: int
    key: str  # the name ``/readyz`` reports, e.g. "worker"
    # () -> (ok, detail): detail is a short, secret-free text (no addresses, no passwords).
    check: Callable[[], tuple[bool, str]]


@dataclass(frozen=True)
class TodoItem:
    """Something waiting for a person in one unit: ``count`` things, done at ``url``."""

    unit: object  # the OrganisationUnit
    label: Text  # e.g. "Klassningar att fastställa"
    count: int
    url: str  # where it is done (a filtered list or the object)
    urgent: bool = False  # shown first and marked "Brådskande" (text, not colour alone)


@dataclass(frozen=True)
class Figure:
    """One key figure for many units: ``values`` {unit id: value or None (nothing to count)}.

    ``kind`` "percent" (0–100) or "count". ``parts`` (for a percent) {unit id: (part, whole)}
    gives the totals of a table (sum of parts over sum of wholes, not a mean of shares).
    ``higher_is_better``: True, False, or None when neither (e.g. incidents reported).
    ``url``: (unit) -> where the figure can be checked, or None."""

    key: str
    label: Text
    values: dict
    kind: str = "count"
    parts: dict | None = None
    higher_is_better: bool | None = True
    url: Callable[..., str] | None = None


@dataclass(frozen=True)
class Trend:
    """A key figure of one unit at several moments (from the history, ``isms.as_of``):
    ``values`` in the order of the moments asked for, None where there was nothing to count."""

    key: str
    label: Text
    values: list
    kind: str = "percent"


@dataclass(frozen=True)
class DashboardSection:
    """A register's section of a unit's dashboard beyond the key figures (a heatmap, a chart, a
    list): ``template`` is rendered with ``section`` (this), ``unit`` and ``data`` (the unit's
    entry of ``data``, {unit id: dict}), ``compact`` on the start page; ``report`` true renders
    it in the PDF too (the template is then given ``in_report``). The data carries its own
    comparison with the city median."""

    key: str
    title: Text
    template: str
    data: dict
    report: bool = True


@dataclass(frozen=True)
class DashboardSource:
    order: int
    key: str
    # (*, user, units, now) -> list[TodoItem]: what waits for ``user`` in ``units`` (the
    # dashboard's units); the source decides on which of them the person acts (nämnder.access).
    todo: Callable[..., list] | None = None
    # (*, units, today) -> list[Figure]: key figures for every unit given (the city's active
    # units for the median), a fixed number of queries whatever their number.
    figures: Callable[..., list] | None = None
    # (*, unit, moments) -> list[Trend]: the unit's figures at each moment (a datetime, or None
    # for now), rebuilt from the history; a fixed number of queries per moment. With no
    # moments (``moments=[]``) it returns the series with empty values and runs no query.
    trends: Callable[..., list] | None = None
    # (*, units, city, today) -> list[DashboardSection]: sections for the dashboard's ``units``
    # (few), compared with the ``city`` (the active units); a fixed number of queries.
    sections: Callable[..., list] | None = None
    # Set (1, 2, ...) when a trend value at a past moment depends only on the history recorded
    # up to that moment (``isms.as_of.state_at``): the dashboards then keep the values of
    # closed months (``oversikt.trend_cache``) instead of rebuilding them on every view. Raise
    # it when a series' definition changes (kept values of another version are recomputed).
    # None: every value is computed on each view (e.g. a count by a date the user enters,
    # which a later record can move into a closed month).
    trend_version: int | None = None
    # (*, units, today, now) -> datetime | None: the next moment one of the source's figures of
    # ``units`` changes by the clock alone, without any write (e.g. a deadline passing), before
    # the day ends; None when none does. The dashboards keep the figures between requests
    # (``oversikt.figure_cache``) until then at the latest. A figure that changes with the day
    # (counted against ``today``) needs nothing here.
    figures_until: Callable[..., object] | None = None


@dataclass(frozen=True)
class UserColumn:
    order: int
    key: str  # the attribute set on the signed-in person, e.g. "notifieringar_unread"
    # () -> an expression (a subquery over ``OuterRef("pk")``, the user), annotated on the
    # query loading the signed-in person. Cheap and indexed: it runs on every request.
    expression: Callable[[], object]


_urls: list[UrlInclude] = []
_user_columns: list[UserColumn] = []
_dashboard_sources: list[DashboardSource] = []
_catalogues: set[str] = set()
_queues: list[BackgroundQueue] = []
_readiness: list[ReadinessCheck] = []


def _add(registry: list, entry, key) -> None:
    """Add once: ``ready()`` may run twice (tests, autoreload) without doubling entries."""
    if all(key(e) != key(entry) for e in registry):
        registry.append(entry)


def register_nav(
    *, order: int, label: Text, url_name: str, badge=None, badge_label: Text = "", visible=None
) -> None:
    _add(_nav, NavEntry(order, label, url_name, badge, badge_label, visible), lambda e: e.url_name)


def register_account_link(*, order: int, label: Text, url_name: str) -> None:
    _add(_account_links, AccountLink(order, label, url_name), lambda e: e.url_name)


def register_start_panel(*, order: int, key: str, template: str, context=None) -> None:
    _add(_start_panels, StartPanel(order, key, template, context), lambda e: e.key)


def register_unit_link(*, order: int, label: Text, url: Callable[..., str]) -> None:
    _add(_unit_links, UnitLink(order, label, url), lambda e: (e.order, str(e.label)))


def register_object_panel(*, order: int, key: str, model: str, template: str, context) -> None:
    _add(
        _object_panels, ObjectPanel(order, key, model.lower(), template, context),
        lambda e: (e.model, e.key),
    )


def register_report_section(section: ReportSection) -> None:
    current = _report_sections.get(section.key)
    if current is not None and current.recorded:
        if section.recorded and current.selector is not section.selector:
            raise ImproperlyConfigured(f"Two report sections registered as {section.key!r}.")
        return  # a placeholder never replaces a recorded section
    _report_sections[section.key] = section


def register_history_source(*, order: int, model: str, unit_lookup: str) -> None:
    _add(_history_sources, HistorySource(order, model, unit_lookup), lambda e: e.model)


def register_demo_seeder(*, order: int, seed: Callable[..., None]) -> None:
    _add(_demo_seeders, DemoSeeder(order, seed), lambda e: e.seed)


def register_scale_seeder(*, order: int, seed: Callable[..., None]) -> None:
    _add(_scale_seeders, ScaleSeeder(order, seed), lambda e: e.seed)


def register_export(*, order: int, label: Text, url_name: str) -> None:
    _add(_exports, ExportEntry(order, label, url_name), lambda e: e.url_name)


def register_urls(*, order: int, prefix: str, module: str) -> None:
    _add(_urls, UrlInclude(order, prefix, module), lambda e: e.module)


def register_catalogue(app_label: str) -> None:
    _catalogues.add(app_label)


def register_background_queue(*, order: int, key: str, label: Text, status, sweep=None) -> None:
    _add(_queues, BackgroundQueue(order, key, label, status, sweep), lambda e: e.key)


def register_readiness_check(*, order: int, key: str, check) -> None:
    _add(_readiness, ReadinessCheck(order, key, check), lambda e: e.key)


def register_dashboard_source(*, order: int, key: str, todo=None, figures=None,
                              trends=None, sections=None,
                              trend_version: int | None = None, figures_until=None) -> None:
    _add(_dashboard_sources, DashboardSource(order, key, todo, figures, trends, sections,
                                             trend_version, figures_until),
         lambda e: e.key)


def register_user_column(*, order: int, key: str, expression) -> None:
    """A column of the query loading the signed-in person on every request, set on
    ``request.user`` as ``key``. The query's SQL is built once per process (``isms.compiled``):
    the expression must not hold values that change between requests (no ``timezone.now()``,
    no settings read at build time) — only ``OuterRef("pk")`` may vary."""
    _add(_user_columns, UserColumn(order, key, expression), lambda e: e.key)


def _ordered(entries, key=lambda e: str(getattr(e, "key", "") or getattr(e, "url_name", ""))):
    return sorted(entries, key=lambda e: (e.order, key(e)))


_snapshots: dict[int, tuple[tuple, list]] = {}


def _ordered_once(registry: list) -> list:
    """``_ordered(registry)`` for the points read on every request (the menu, the header's
    links): sorted once per process, and again when the registry changed."""
    snapshot = _snapshots.get(id(registry))
    if snapshot is None or len(snapshot[0]) != len(registry) or not all(
        map(operator.is_, snapshot[0], registry)
    ):
        snapshot = _snapshots[id(registry)] = (tuple(registry), _ordered(registry))
    return snapshot[1]


# --- Reading the points ------------------------------------------------------------------------

def static_href(url_name: str) -> str:
    """``reverse(url_name)`` of a view without arguments, once per process (per script prefix
    and URLconf: the menu is on every page): ``isms.links.kept_url``."""
    return kept_url(url_name)


def navigation(request) -> list[dict]:
    """The registered menu entries with their href and whether the page is theirs; an entry
    whose ``visible`` rule says no is left out."""
    current = getattr(getattr(request, "resolver_match", None), "url_name", None)
    return [
        {"label": e.label, "href": static_href(e.url_name),
         "current": current == e.url_name.rpartition(":")[2],
         "badge": e.badge(request) if e.badge else 0, "badge_label": e.badge_label}
        for e in _ordered_once(_nav) if e.visible is None or e.visible(request)
    ]


def account_links(request) -> list[dict]:
    """The signed-in person's own links (header), with their href and whether the page is
    theirs. No queries."""
    current = getattr(getattr(request, "resolver_match", None), "view_name", None)
    return [
        {"label": e.label, "href": static_href(e.url_name), "current": current == e.url_name}
        for e in _ordered_once(_account_links)
    ]


def start_panels(request) -> list[str]:
    """The start page's registered sections, rendered (each runs its own queries only here;
    what several of them read is read once, ``isms.shared_reads``), in one request context
    (:func:`_render_each`)."""
    from . import shared_reads

    with shared_reads.scope():
        return _render_each(request, (
            (p.template, p.context(request) if p.context else {})
            for p in _ordered(_start_panels)
        ))


def unit_links(unit) -> list[dict]:
    return [
        {"label": e.label, "href": e.url(unit)}
        for e in sorted(_unit_links, key=lambda e: (e.order, str(e.label)))
    ]


def object_panels(request, obj) -> list[str]:
    """The panels registered for ``obj``'s model, rendered; a panel whose context is None is
    left out (e.g. nothing to show, or the person may not see it).

    Each is rendered as ``render_to_string(template, {"object": obj, **context},
    request=request)`` renders it, in one request context for all of them: the context
    processors run once for the page's panels instead of once per panel, and each panel sees
    only its own variables (pushed for its rendering, popped after it) beside theirs."""
    label = obj._meta.label_lower
    return _render_each(request, (
        (p.template, {"object": obj, **context})
        for p in _ordered(e for e in _object_panels if e.model == label)
        if (context := p.context(request, obj)) is not None
    ))


def _render_each(request, panels) -> list[str]:
    """Each ``(template name, context)`` of ``panels`` (an iterable: each context is made
    when its turn comes) rendered as ``render_to_string(template, context, request=request)``
    renders it, in one request context for all of them: the context processors run once for
    the page's panels instead of once per panel, and each panel sees only its own variables
    (pushed for its rendering, popped after it) beside theirs."""
    rendered = []
    with contextlib.ExitStack() as stack:
        shared = None
        for name, context in panels:
            template = get_template(name)
            if shared is None:
                shared = RequestContext(request, autoescape=template.backend.engine.autoescape)
                stack.enter_context(shared.bind_template(template.template))
            with shared.push(context):
                rendered.append(template.template.render(shared))
    return rendered


def report_sections() -> list[ReportSection]:
    return _ordered(_report_sections.values())


def history_sources() -> list[HistorySource]:
    return sorted(_history_sources, key=lambda e: (e.order, e.model))


def demo_seeders() -> list[Callable[..., None]]:
    return [
        e.seed for e in sorted(
            _demo_seeders, key=lambda e: (e.order, e.seed.__module__, e.seed.__qualname__)
        )
    ]


def scale_seeders() -> list[Callable[..., None]]:
    return [
        e.seed for e in sorted(
            _scale_seeders, key=lambda e: (e.order, e.seed.__module__, e.seed.__qualname__)
        )
    ]


def exports() -> list[ExportEntry]:
    return _ordered(_exports)


def url_includes() -> list[UrlInclude]:
    return sorted(_urls, key=lambda e: (e.order, e.module))


def catalogue_apps() -> tuple[str, ...]:
    return tuple(sorted(_catalogues))


def background_queues() -> list[BackgroundQueue]:
    return _ordered(_queues)


def readiness_checks() -> list[ReadinessCheck]:
    return _ordered(_readiness)


def user_columns() -> dict:
    """{key: expression} of the registered user columns, in order."""
    return {e.key: e.expression() for e in _ordered(_user_columns)}


def dashboard_sources() -> list[DashboardSource]:
    return _ordered(_dashboard_sources)
