"""The one exception the decoder raises: a one-line, user-facing explanation."""

from __future__ import annotations


class DecodeError(ValueError):
    """The input is not a dual-LLM result in any form the decoder knows.

    `str(error)` is one line meant for a person: what was wrong and, where it helps,
    what to do instead. No traceback is ever needed to understand it.
    """

    def __init__(self, message: str) -> None:
        one_line = " ".join(message.split())
        super().__init__(one_line)
        self.message = one_line


class MultipleResultsError(DecodeError):
    """`decode` was given several results (JSON Lines); `decode_all` reads them all."""

    def __init__(self, count_seen: int) -> None:
        super().__init__(
            f"the input holds {count_seen} or more results (JSON Lines); "
            "use sqrt_tools.results.decode_all to read them all"
        )
        self.count_seen = count_seen
