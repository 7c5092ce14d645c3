"""Join codes: 8 digits from the operating system's CSPRNG."""

import re
import secrets

JOIN_CODE_LENGTH = 8
_NOT_DIGIT = re.compile(r"\s+")


def new_join_code() -> str:
    return f"{secrets.randbelow(10**JOIN_CODE_LENGTH):0{JOIN_CODE_LENGTH}d}"


def clean_join_code(raw: str) -> str | None:
    """The code as typed ("1234 5678", "12345678 ") or None when it cannot be one."""
    code = _NOT_DIGIT.sub("", raw)
    if len(code) != JOIN_CODE_LENGTH or not code.isdigit() or not code.isascii():
        return None
    return code
