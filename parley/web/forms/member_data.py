"""The import form of the settings' data page; the file itself is checked by `operations.imports`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parley.operations.imports import ImportKind, ImportMode


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file lists"), choices=ImportKind.choices)
    mode = forms.ChoiceField(
        label=_("How to import it"),
        choices=ImportMode.choices,
        initial=ImportMode.MERGE,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("A CSV file exported from Parley or Mastodon."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
