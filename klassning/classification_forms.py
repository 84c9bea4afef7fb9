"""Forms of the classification workflow: filling in (level, "ej relevant", motivation per
aspect × category), approving (with a confirmation) and sending back (with a comment). The rules
for what a classification needs live in ``services.classification_rules``; these forms put the
problems on the fields while filling in."""

from __future__ import annotations

import contextlib

from django import forms
from django.utils.translation import gettext_lazy as _

from isms.locking import VersionMixin
from isms.validators import ControlCharacterFormMixin

from . import guidance, selectors
from .levels import aspect_summary, level_names
from .services.classification_rules import BELOW_MINIMUM, classification_problems
from .widgets import FastCheckboxInput, FastSelect, FastTextarea

SAVE, PREVIEW = "save", "preview"


def describe_errors(form) -> None:
    """Point each field with errors at its error text (``{auto_id}_error``), after any
    description it already has, so screen readers read the error with the field."""
    for name in form.errors:
        if name not in form.fields:
            continue
        bound = form[name]
        attrs = form.fields[name].widget.attrs
        ids = [i for i in attrs.get("aria-describedby", "").split() if i]
        if form.fields[name].help_text and f"{bound.auto_id}_helptext" not in ids:
            ids.append(f"{bound.auto_id}_helptext")
        if f"{bound.auto_id}_error" not in ids:
            ids.append(f"{bound.auto_id}_error")
        attrs["aria-describedby"] = " ".join(ids)


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
        level_choices = [("", _("Välj nivå"))] + [
            (str(lv.value), f"{lv.value} – {lv.name}") for lv in ref["levels"]
        ]
        cells = {(a.aspect_id, a.category_id): a for a in classification.assessments.all()}
        for aspect in self.aspects:
            for category in self.categories:
                key = self._key(aspect, category)
                where = {"aspect": aspect.name, "category": category.name}
                self.fields[f"{key}-level"] = forms.TypedChoiceField(
                    label=_("Nivå: %(aspect)s, %(category)s") % where,
                    choices=level_choices, coerce=int, empty_value=None, required=False,
                    widget=FastSelect(attrs={
                        "data-aspect": aspect.code, "class": "level",
                        "aria-describedby": f"criteria-{key}",
                    }),
                )
                self.fields[f"{key}-not_relevant"] = forms.BooleanField(
                    label=_("Ej relevant: %(aspect)s, %(category)s") % where, required=False,
                    widget=FastCheckboxInput(attrs={"class": "not-relevant"}),
                )
                self.fields[f"{key}-motivation"] = forms.CharField(
                    label=_("Motivering: %(aspect)s, %(category)s") % where,
                    required=False, max_length=4000,
                    widget=FastTextarea(attrs={"rows": 2}),
                )
                cell = cells.get((aspect.pk, category.pk))
                if cell is not None and not self.is_bound:
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
        return f"{aspect.code}-{category.code}"

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
        """Aspect by aspect: its computed level (server side), its suggested minimum and the
        category rows with the criteria of each level."""
        describe_errors(self)
        result = []
        for aspect in self.aspects:
            rows, levels = [], []
            for category in self.categories:
                key = self._key(aspect, category)
                level_field = self[f"{key}-level"]
                value = level_field.value()
                if value not in (None, ""):
                    with contextlib.suppress(TypeError, ValueError):
                        levels.append(int(value))
                rows.append({
                    "key": key, "category": category, "level": level_field,
                    "not_relevant": self[f"{key}-not_relevant"],
                    "motivation": self[f"{key}-motivation"],
                    "criteria": self.criteria.get(category.pk, []),
                })
            result.append({
                "aspect": aspect, "rows": rows, "minimum": self.minimums.get(aspect.pk),
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
