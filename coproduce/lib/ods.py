"""NHS Organisation Data Service (ODS) codes: what a real one looks like.

ODS codes are letters and digits, written in capitals. An NHS trust has three characters
beginning with R or T (RV3, RWK, TAJ); a trust's site adds two more (RV3A1). Integrated care
boards have three beginning with Q (QMJ); other NHS-funded providers and commissioners have
three or five (NQ1, 8HV48, 93C). A GP practice is one letter and five digits (A81001).
"""

import re

_PATTERNS = (
    re.compile(r"[A-Z0-9]{3}"),  # trusts, boards, commissioners, other providers
    re.compile(r"[A-Z0-9]{5}"),  # trust sites and other providers
    re.compile(r"[A-Z][0-9]{5}"),  # GP practices
)

EXAMPLE = "RV3"
FORMAT_MESSAGE = (
    "Enter the ODS code in the correct format, like RV3: 3 or 5 letters and numbers "
    "(or a letter and 5 numbers for a GP practice)"
)


def normalise(code: str) -> str:
    """The code as ODS writes it: capitals, without spaces."""
    return "".join(code.split()).upper()


def is_valid(code: str) -> bool:
    """Whether `code` (already normalised) has the shape of a real ODS code."""
    if not any(ch.isalpha() for ch in code):
        # Every ODS code has at least one letter; "12345" is a typing slip, not a code.
        return False
    return any(pattern.fullmatch(code) for pattern in _PATTERNS)
