"""The open documents: their text, version, and the analysis of that text.

The server keeps its own copy of each open document instead of pygls's workspace
copy, for two reasons: pygls splits lines with `str.splitlines`, which also breaks at
form feeds and U+2028 (LSP lines end only at `\\n`, `\\r\\n` and `\\r`), so incremental
edits of such documents would land in the wrong place; and an edit whose range lies
outside the document must be clamped, not raised on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from lsprotocol import types

from sqrt_tools.server.analysis import Analysis
from sqrt_tools.server.positions import Encoding, Positions
from sqrt_tools.server.settings import Settings

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Document:
    """One open document; `analysis` is built on first use and dropped on change."""

    uri: str
    text: str
    version: int | None
    encoding: Encoding
    settings: Settings
    _analysis: Analysis | None = field(default=None, repr=False)

    @property
    def analysis(self) -> Analysis:
        if self._analysis is None:
            self._analysis = Analysis(
                self.uri, self.text, self.version, self.encoding, self.settings
            )
        return self._analysis

    @property
    def positions(self) -> Positions:
        """Position conversion for the current text (the analysis's, when it exists)."""
        if self._analysis is not None:
            return self._analysis.positions
        return Positions(self.text, self.encoding)

    def replace_text(self, text: str, version: int | None) -> None:
        self.text = text
        self.version = version
        self._analysis = None

    def reconfigure(self, settings: Settings) -> None:
        self.settings = settings
        self._analysis = None


def apply_changes(
    positions: Positions,
    changes: Sequence[types.TextDocumentContentChangeEvent],
) -> str:
    """The text of `positions` after the content changes of one `didChange`, in order.

    A change without a range replaces the whole text. A range is read in the
    negotiated encoding against the text as it is after the changes before it;
    positions outside the text are clamped to it.
    """
    text = positions.text
    for change in changes:
        if isinstance(change, types.TextDocumentContentChangePartial):
            if positions.text is not text:
                positions = Positions(text, positions.encoding)
            start, end = positions.offsets(change.range)
            text = text[:start] + change.text + text[end:]
        else:
            text = change.text
    return text


class DocumentStore:
    """The open documents by URI."""

    def __init__(self) -> None:
        self._documents: dict[str, Document] = {}
        self.encoding: Encoding = "utf-16"

    def open(self, uri: str, text: str, version: int | None, settings: Settings) -> Document:
        document = Document(uri, text, version, self.encoding, settings)
        self._documents[uri] = document
        return document

    def change(
        self,
        uri: str,
        version: int | None,
        changes: Sequence[types.TextDocumentContentChangeEvent],
    ) -> Document | None:
        """Apply one `didChange`; None when the document is not open."""
        document = self._documents.get(uri)
        if document is None:
            logger.warning("didChange for a document that is not open: %s", uri)
            return None
        if version is not None and document.version is not None and version <= document.version:
            # [ours] A client must send increasing versions; an older one is applied
            # anyway (its edits are what the client now shows) and logged.
            logger.warning("didChange with stale version %s <= %s", version, document.version)
        document.replace_text(apply_changes(document.positions, changes), version)
        return document

    def close(self, uri: str) -> Document | None:
        return self._documents.pop(uri, None)

    def get(self, uri: str) -> Document | None:
        return self._documents.get(uri)

    def __iter__(self) -> Iterator[Document]:
        return iter(list(self._documents.values()))

    def __len__(self) -> int:
        return len(self._documents)
