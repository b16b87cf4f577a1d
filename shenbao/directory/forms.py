from django import forms

from shenbao.directory.models import Authority


class AuthorityForm(forms.ModelForm[Authority]):
    class Meta:
        model = Authority
        fields = ["name", "area_name", "office", "contact", "phone", "address"]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        # Stray spaces (the attachment has them after phone numbers) are never kept.
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = " ".join(value.split())
        return data
