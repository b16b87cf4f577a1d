"""Phone numbers as the directory prints them, turned into dialable tel: links.

附件1 prints Shanghai numbers without the area code and an extension after a
hyphen (``52564588-7018``); RFC 3966 writes the extension as ``;ext=``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SHANGHAI_AREA_CODE = "21"
_NUMBER = re.compile(r"^(?P<main>\d{7,8})(?:-(?P<ext>\d{1,6}))?$")


@dataclass(frozen=True, slots=True)
class PhoneLink:
    text: str
    uri: str | None  # None when the text is not a number we can dial


def phone_links(phones: str) -> list[PhoneLink]:
    """One link per number; numbers are separated by 、 , ; or spaces."""
    links = []
    for part in re.split(r"[、,，;；/\s]+", phones.strip()):
        if part:
            links.append(PhoneLink(part, tel_uri(part)))
    return links


def tel_uri(number: str) -> str | None:
    match = _NUMBER.match(number)
    if match is None:
        return None
    uri = f"tel:+86-{SHANGHAI_AREA_CODE}-{match['main']}"
    return f"{uri};ext={match['ext']}" if match["ext"] else uri
