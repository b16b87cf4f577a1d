import pytest

from shenbao.domain.phones import phone_links, tel_uri


@pytest.mark.parametrize(
    ("printed", "uri"),
    [
        ("59734847", "tel:+86-21-59734847"),
        ("52564588-7018", "tel:+86-21-52564588;ext=7018"),
        ("33134800-20923", "tel:+86-21-33134800;ext=20923"),
        ("转总机", None),
    ],
)
def test_printed_numbers_become_dialable_links(printed: str, uri: str | None) -> None:
    assert tel_uri(printed) == uri


def test_several_numbers_and_trailing_spaces_give_one_link_each() -> None:
    links = phone_links("64122551\u00a0\u00a0 、28928291 ")
    assert [link.text for link in links] == ["64122551", "28928291"]
