"""One way every form renders: the project's bound field, set on the form renderer (settings.FORM_RENDERER).

The widget templates for dates and files are overridden by name under shenbao/templates/django/forms/
widgets/, so every DateInput and FileInput of every form, the project's or a library's, is the
project's own (a text field with a Chinese format hint; a file picker in Chinese).
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting

# The project's file picker replaces these two; the admin's own file widget keeps Django's markup.
FILE_TEMPLATES = {"django/forms/widgets/file.html", "django/forms/widgets/clearable_file_input.html"}


class BoundField(forms.BoundField):
    """Django's bound field, plus what the shared templates need to point at a field."""

    @property
    def anchor_id(self) -> str:
        """The id the error summary links to: the input itself, or a group's first option."""
        if self.id_for_label:
            return str(self.id_for_label)
        return f"{self.auto_id}_0" if self.auto_id else ""

    @property
    def aria_describedby(self) -> str | None:
        """Django's help and error ids, then the date hint or the chosen-file line the widget writes."""
        described = super().aria_describedby
        if described is None or not self.auto_id or self.is_hidden:
            return described
        ids = described.split()
        widget = self.field.widget
        if isinstance(widget, forms.DateInput):
            ids.append(f"{self.auto_id}_format")
        elif widget.template_name in FILE_TEMPLATES:
            ids.append(f"{self.auto_id}_chosen")
        return " ".join(ids)


class FormRenderer(TemplatesSetting):
    """Templates from settings.TEMPLATES (so the project overrides Django's widget templates)."""

    bound_field_class = BoundField
