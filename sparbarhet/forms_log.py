"""The audit log's filter (GET). Every value is checked and an error is a Swedish field error on
the page (status 200), never a 500: a unit that is not the viewer's, a date that is no date, a
period that ends before it starts, a name nobody has."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from isms.converters import MAX_ID
from isms.validators import ControlCharacterFormMixin

from . import selectors_log
from .models import EventKind

DATE_FORMAT = "%Y-%m-%d"


class Select(forms.Select):
    """A select whose options are written in Python: Django renders each option through a
    template, which for the unit list (~40 units for the city-wide roles) and the object types
    cost more than reading the page's events."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**self.build_attrs(self.attrs, attrs), "name": name}
        values = value if isinstance(value, (list, tuple)) else [value]
        current = {"" if v is None else str(v) for v in values}
        options = "".join(
            f'<option value="{escape(v)}"{" selected" if str(v) in current else ""}>'
            f"{escape(label)}</option>"
            for v, label in self.choices
        )
        return mark_safe(f"<select{flatatt(attrs)}>{options}</select>")  # noqa: S308 (escaped)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format=DATE_FORMAT, **kwargs)


def _set_flat_choices(field: forms.ChoiceField, choices: list[tuple]) -> None:
    """``field.choices = choices`` for a flat list of (value, label) pairs, which Django's
    setter returns unchanged after checking every item recursively (~0.2 ms a page for the
    city's units): the same list on the field and its widget."""
    field._choices = field.widget.choices = [(value, label) for value, label in choices]


class LogFilterForm(ControlCharacterFormMixin, forms.Form):
    unit = forms.ChoiceField(label=_("Enhet"), required=False, widget=Select)
    person = forms.CharField(
        label=_("Person"), required=False, max_length=100,
        help_text=_("Namn eller användarnamn, helt eller delvis. Hela användarnamnet väljer en "
                    "enda person."),
    )
    object_type = forms.ChoiceField(label=_("Objekttyp"), required=False, widget=Select)
    kind = forms.ChoiceField(
        label=_("Slag"), required=False, widget=Select,
        choices=[("", _("Ändringar och läsningar")), *EventKind.choices],
    )
    fran = forms.DateField(
        label=_("Från och med"), required=False, input_formats=[DATE_FORMAT], widget=DateInput(),
        help_text=_("ÅÅÅÅ-MM-DD"),
    )
    till = forms.DateField(
        label=_("Till och med"), required=False, input_formats=[DATE_FORMAT], widget=DateInput(),
        help_text=_("ÅÅÅÅ-MM-DD"),
    )
    # Where the page starts (the links "Äldre/Nyare händelser"), not shown in the form.
    fore = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                              widget=forms.HiddenInput, label=_("Position i loggen"))
    efter = forms.IntegerField(required=False, min_value=0, max_value=MAX_ID,
                               widget=forms.HiddenInput, label=_("Position i loggen"))

    POSITION_FIELDS = ("fore", "efter")

    def __init__(self, *args, unit_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_ids = unit_ids
        self.units = selectors_log.unit_names(unit_ids)  # the choices and the names on the page
        choices = [("", _("Alla enheter")), *((str(pk), name) for pk, name in self.units.items())]
        if unit_ids is None:
            choices.append((selectors_log.NO_UNIT, _("Utan enhet (stadsövergripande)")))
        _set_flat_choices(self.fields["unit"], choices)
        _set_flat_choices(
            self.fields["object_type"], [("", _("Alla objekttyper")), *selectors_log.object_types()]
        )
        self.people: list[int] = []

    def filter_fields(self):
        return [self[name] for name in self.fields if name not in self.POSITION_FIELDS]

    def clean_person(self):
        text = " ".join(self.cleaned_data.get("person", "").split())
        if not text:
            return ""
        people = selectors_log.people_matching(text)
        if not people:
            raise forms.ValidationError(
                _("Ingen person har ett namn eller användarnamn som innehåller ”%(text)s”."),
                code="no_person", params={"text": text},
            )
        if len(people) > selectors_log.MAX_PEOPLE:
            raise forms.ValidationError(
                _("Fler än %(n)s personer matchar ”%(text)s”. Skriv mer av namnet eller hela "
                  "användarnamnet."),
                code="too_many_people", params={"n": selectors_log.MAX_PEOPLE, "text": text},
            )
        self.people = people
        return text

    def clean(self):
        data = super().clean()
        start, end = data.get("fran"), data.get("till")
        if start and end and start > end:
            self.add_error("till", _("Till och med-datumet får inte vara före från och med-datumet."))
        return data

    def log_filter(self) -> selectors_log.LogFilter:
        """The filter of a valid (or unbound: everything) form."""
        data = self.cleaned_data if self.is_bound else {}
        unit = data.get("unit") or ""
        return selectors_log.LogFilter(
            unit_ids=self.unit_ids,
            unit=int(unit) if unit and unit != selectors_log.NO_UNIT else None,
            no_unit=unit == selectors_log.NO_UNIT,
            actor_ids=tuple(self.people) if data.get("person") else None,
            object_type=data.get("object_type") or "",
            kind=data.get("kind") or "",
            start=data.get("fran"), end=data.get("till"),
        )

    def position(self) -> tuple[int | None, int | None]:
        """(``fore``, ``efter``) of a valid form."""
        data = self.cleaned_data if self.is_bound else {}
        return data.get("fore"), data.get("efter")
