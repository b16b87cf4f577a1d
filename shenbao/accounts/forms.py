from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import UsernameField
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shenbao.accounts.models import User
from shenbao.directory.models import Authority


class NewAccountForm(forms.Form):
    """The fields every new account needs; the password is checked by the project's policy."""

    username = UsernameField(label=_("登录名"), max_length=150, help_text=_("字母、数字或 @ . + - _"))
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    email = forms.EmailField(label=_("电子邮箱"))
    phone = forms.CharField(label=_("联系电话"), max_length=30)
    password1 = forms.CharField(label=_("密码"), widget=forms.PasswordInput(render_value=False), strip=False)
    password2 = forms.CharField(
        label=_("再次输入密码"), widget=forms.PasswordInput(render_value=False), strip=False
    )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(gettext("该登录名已被使用，请换一个。"))
        return username

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", gettext("两次输入的密码不一致。"))
        elif first:
            probe = User(username=str(data.get("username", "")), email=str(data.get("email", "")))
            try:
                password_validation.validate_password(str(first), probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ReviewerForm(NewAccountForm):
    authority = forms.ModelChoiceField(label=_("所属主管部门"), queryset=Authority.objects.order_by("number"))


class AssignAuthorityForm(forms.Form):
    authority = forms.ModelChoiceField(
        label=_("调整到主管部门"), queryset=Authority.objects.order_by("number")
    )
