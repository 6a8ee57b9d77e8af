"""Scrubbing secrets out of any text that may be shown to a person.

Every message that leaves the service package (errors, `--verbose` traces, excerpts of
a server's answer) passes through `redact` with the keys of the current request. It
removes the known key values in every spelling they are likely to take (as written,
JSON-escaped, URL-encoded) and, for keys we were never told about, anything that looks
like a credential header or a password in a URL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

REDACTED = "[redacted]"

# Credentials we were not told about: the value after `Bearer`, after an `X-Api-Key`
# or `Authorization` header name, and the user-info part of a URL.
_BEARER = re.compile(r"(?i)(\bbearer\s+)[^\s\"',;]{8,}")  # tokens are long; prose is not
_HEADER = re.compile(
    r"(?i)(\b(?:x-api-key|authorization|api[-_]key)[\"']?\s*[:=]\s*[\"']?)(?!bearer\s)[^\s\"',;]+"
)
_URL_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^/\s@]+@")


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` with every secret and every credential-looking value replaced by `[redacted]`.

    Secrets are replaced longest first, so a key that contains another is removed whole.
    Every non-empty secret is removed, however short: a garbled message is better than a
    leaked key.
    """
    spellings: set[str] = set()
    for secret in secrets:
        if secret:
            spellings.update(_spellings(secret))
    for spelling in sorted(spellings, key=len, reverse=True):
        text = text.replace(spelling, REDACTED)
    text = _BEARER.sub(lambda match: match.group(1) + REDACTED, text)
    text = _HEADER.sub(lambda match: match.group(1) + REDACTED, text)
    return _URL_USERINFO.sub(lambda match: match.group(1) + REDACTED + "@", text)


def _spellings(secret: str) -> set[str]:
    """The forms a secret takes in JSON bodies, URLs and Python reprs."""
    forms = {secret, json.dumps(secret)[1:-1], quote(secret, safe=""), quote_plus(secret)}
    forms.add(repr(secret)[1:-1])
    return {form for form in forms if form}
