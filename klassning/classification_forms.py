"""Forms of the classification workflow: filling in (level, "ej relevant", motivation per
aspect × category), approving (with a confirmation) and sending back (with a comment). The rules
for what a classification needs live in ``services.classification_rules``; these forms put the
problems on the fields while filling in."""

from __future__ import annotations

import contextlib
import copy

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from isms.locking import VersionMixin
from isms.validators import ControlCharacterFormMixin, attach_control_character_rule

from . import guidance, selectors
from .classification_cells import CellWriter
from .levels import aspect_summary, level_names
from .services.classification_rules import BELOW_MINIMUM, classification_problems
from .widgets import FastCheckboxInput, FastSelect, FastTextarea

SAVE, PREVIEW = "save", "preview"


def describe_errors(form) -> None:
    """Point each field with errors at its error text (``{auto_id}_error``), after any
    description it already has, so screen readers read the error with the field.

    The field is copied first: the classification form's cell fields are shared between
    requests (``_cell_fields``)."""
    for name in form.errors:
        if name not in form.fields:
            continue
        field = form.fields[name] = copy.deepcopy(form.fields[name])
        form._bound_fields_cache.pop(name, None)
        bound = form[name]
        attrs = field.widget.attrs
        ids = [i for i in attrs.get("aria-describedby", "").split() if i]
        if form.fields[name].help_text and f"{bound.auto_id}_helptext" not in ids:
            ids.append(f"{bound.auto_id}_helptext")
        if f"{bound.auto_id}_error" not in ids:
            ids.append(f"{bound.auto_id}_error")
        attrs["aria-describedby"] = " ".join(ids)


def _key(aspect, category) -> str:
    return f"{aspect.code}-{category.code}"


# The cell fields of the last few scales (the reference data and the language they were built
# in): building 84 fields was a third of the form's time, and they are the same on every page.
# Shared between forms and requests, so never changed in place (``describe_errors`` copies a
# field before pointing it at its error).
_CELL_FIELDS: dict[tuple, dict[str, forms.Field]] = {}


def _cell_fields(aspects, categories, levels) -> dict[str, forms.Field]:
    key = (
        get_language(),
        tuple((a.pk, a.code, a.name) for a in aspects),
        tuple((c.pk, c.code, c.name) for c in categories),
        tuple((lv.value, lv.name) for lv in levels),
    )
    fields = _CELL_FIELDS.get(key)
    if fields is None:
        fields = _build_cell_fields(aspects, categories, levels)
        if len(_CELL_FIELDS) >= 8:
            _CELL_FIELDS.clear()
        _CELL_FIELDS[key] = fields
    return fields


def _build_cell_fields(aspects, categories, levels) -> dict[str, forms.Field]:
    level_choices = [("", _("Välj nivå"))] + [
        (str(lv.value), f"{lv.value} – {lv.name}") for lv in levels
    ]
    fields, options = {}, None
    for aspect in aspects:
        for category in categories:
            key = _key(aspect, category)
            where = {"aspect": aspect.name, "category": category.name}
            level = fields[f"{key}-level"] = forms.TypedChoiceField(
                label=_("Nivå: %(aspect)s, %(category)s") % where,
                choices=level_choices, coerce=int, empty_value=None, required=False,
                widget=FastSelect(attrs={
                    "data-aspect": aspect.code, "class": "level",
                    "aria-describedby": f"criteria-{key}",
                }),
            )
            # One list of options for every level widget: the cell writer writes the options
            # once per value selected (``CellWriter.select``).
            options = options or level.widget.choices
            level.widget.choices = options
            fields[f"{key}-not_relevant"] = forms.BooleanField(
                label=_("Ej relevant: %(aspect)s, %(category)s") % where, required=False,
                widget=FastCheckboxInput(attrs={"class": "not-relevant"}),
            )
            fields[f"{key}-motivation"] = forms.CharField(
                label=_("Motivering: %(aspect)s, %(category)s") % where,
                required=False, max_length=4000,
                widget=FastTextarea(attrs={"rows": 2}),
            )
            # The form's rule, put on now rather than at the first validation: the field is
            # shared (``ControlCharacterFormMixin`` then finds it there).
            attach_control_character_rule(fields[f"{key}-motivation"])
    return fields


class ClassificationForm(ControlCharacterFormMixin, VersionMixin, forms.Form):
    """One level, an "ej relevant" box and a motivation per aspect × consequence category."""

    def __init__(self, *args, classification, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_version(classification)
        ref = selectors.reference_data()
        self.aspects, self.categories = ref["aspects"], ref["categories"]
        self.level_names = level_names(ref["levels"])
        self.criteria = guidance.level_criteria(levels=ref["levels"], categories=self.categories)
        self.minimums = guidance.suggested_minimums(asset=classification.asset)
        self.fields.update(_cell_fields(self.aspects, self.categories, ref["levels"]))
        if not self.is_bound:
            cells = {
                (a.aspect_id, a.category_id): a
                for a in selectors.classification_assessments(classification=classification)
            }
            for aspect in self.aspects:
                for category in self.categories:
                    cell = cells.get((aspect.pk, category.pk))
                    if cell is None:
                        continue
                    key = _key(aspect, category)
                    self.initial[f"{key}-level"] = str(cell.level)
                    self.initial[f"{key}-motivation"] = cell.motivation
                    self.initial[f"{key}-not_relevant"] = (
                        cell.level == 0 and not cell.motivation.strip()
                    )
        if self.minimums:
            self.fields[BELOW_MINIMUM] = forms.CharField(
                label=_("Motivering till lägre nivå än föreslagen"), required=False,
                max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_(
                    "Krävs om en aspekt får lägre nivå än personuppgifterna föreslår."
                ),
                initial=classification.below_minimum_motivation,
            )

    @staticmethod
    def _key(aspect, category) -> str:
        return _key(aspect, category)

    @property
    def action(self) -> str:
        """``preview`` checks the rules for sending in (field errors) and leads to the preview
        page, where the classification is sent in; ``save`` keeps an incomplete draft."""
        return PREVIEW if self.data.get("action") == PREVIEW else SAVE

    def clean(self):
        data = super().clean()
        for aspect in self.aspects:
            for category in self.categories:
                key = self._key(aspect, category)
                if not data.get(f"{key}-not_relevant"):
                    continue
                level = data.get(f"{key}-level")
                if level not in (None, 0):
                    self.add_error(f"{key}-level", _(
                        "Du har markerat ej relevant men valt nivå %(level)s. Välj nivå 0 eller "
                        "ta bort markeringen."
                    ) % {"level": level})
                else:
                    data[f"{key}-level"] = 0
        if self.action == PREVIEW and not self.errors:
            problems = classification_problems(
                cells=self.cells(), aspects=self.aspects, categories=self.categories,
                minimums=self.minimums,
                below_minimum_motivation=data.get(BELOW_MINIMUM, "") or "",
            )
            for problem in problems:
                if problem.field == BELOW_MINIMUM:
                    self.add_error(BELOW_MINIMUM, problem.message)
                else:
                    self.add_error(
                        f"{self._key(problem.aspect, problem.category)}-{problem.field}",
                        problem.message,
                    )
        return data

    def cells(self) -> dict[tuple[int, int], tuple[int | None, str]]:
        return {
            (aspect.pk, category.pk): (
                self.cleaned_data.get(f"{self._key(aspect, category)}-level"),
                self.cleaned_data.get(f"{self._key(aspect, category)}-motivation", ""),
            )
            for aspect in self.aspects for category in self.categories
        }

    def below_minimum_motivation(self) -> str | None:
        """The posted reason for a level below the suggestion; None when not asked for."""
        if BELOW_MINIMUM not in self.fields:
            return None
        return self.cleaned_data.get(BELOW_MINIMUM, "")

    def hints(self) -> list:
        """The suggested minimum levels (personal data) shown at the top of the form."""
        return list(self.minimums.values())

    def layout(self) -> list[dict]:
        """Aspect by aspect: its computed level (server side), its suggested minimum, the ids
        of its level fields (``output_for``) and its category cells, written in Python
        (``classification_cells``) with the criteria of each level."""
        describe_errors(self)
        writer = CellWriter()
        result = []
        for aspect in self.aspects:
            cells, levels, ids = [], [], []
            for category in self.categories:
                key = self._key(aspect, category)
                level_field = self[f"{key}-level"]
                value = level_field.value()
                if value not in (None, ""):
                    with contextlib.suppress(TypeError, ValueError):
                        levels.append(int(value))
                ids.append(f"{conditional_escape(level_field.id_for_label)} ")
                cells.append(writer.cell(
                    key=key, aspect=aspect, category=category,
                    criteria=self.criteria.get(category.pk, []), level=level_field,
                    not_relevant=self[f"{key}-not_relevant"],
                    motivation=self[f"{key}-motivation"],
                ))
            result.append({
                "aspect": aspect, "minimum": self.minimums.get(aspect.pk),
                # Escaped above, each value.
                "output_for": mark_safe("".join(ids)),  # noqa: S308
                "cells": mark_safe("".join(cells)),  # noqa: S308
                **aspect_summary(levels, self.level_names),
            })
        return result


class ApproveForm(VersionMixin, forms.Form):
    confirmed = forms.BooleanField(
        label=_("Jag har granskat bedömningarna"),
        error_messages={"required": _(
            "Bekräfta att du har granskat bedömningarna innan du fastställer klassningen."
        )},
    )

    def __init__(self, *args, classification, **kwargs):
        super().__init__(*args, prefix="approve", **kwargs)
        self._init_version(classification)


class ReturnForm(ControlCharacterFormMixin, VersionMixin, forms.Form):
    comment = forms.CharField(
        label=_("Kommentar till handläggaren"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skriv vad som behöver ändras eller kompletteras."),
        error_messages={"required": _(
            "Skriv en kommentar om vad handläggaren behöver ändra."
        )},
    )

    def __init__(self, *args, classification, **kwargs):
        super().__init__(*args, prefix="return", **kwargs)
        self._init_version(classification)
