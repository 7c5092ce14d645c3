"""Join codes: 8 digits from the operating system's CSPRNG."""

import re
import secrets

JOIN_CODE_LENGTH = 8
# What people put between the digits of a code read off a screen: spaces, dashes, dots.
_SEPARATORS = re.compile(r"[\s\-.\u00b7\u2010-\u2015]+")


def new_join_code() -> str:
    return f"{secrets.randbelow(10**JOIN_CODE_LENGTH):0{JOIN_CODE_LENGTH}d}"


def clean_join_code(raw: str) -> str | None:
    """The code as typed ("1234 5678", "1234-5678", "12345678 ") or None when it cannot be one."""
    code = _SEPARATORS.sub("", raw)
    if len(code) != JOIN_CODE_LENGTH or not code.isdigit() or not code.isascii():
        return None
    return code
