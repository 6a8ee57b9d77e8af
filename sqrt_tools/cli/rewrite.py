"""Rewriting a policy file in place (`sqrt fmt`, `sqrt check --fix`), keeping what it is.

A file is replaced through a temporary file and a rename when that keeps everything
about it: a reader then sees the old text or the new, never half of either. A rename
gives the path a new inode, though, which would break the file's other hard links and
could change its owner, so a file with several links, or one whose owner and group
the new inode cannot take, is rewritten in place instead (the same inode: links, owner,
mode and extended attributes stay). Either way the mode, the byte order mark and the
line breaks of the text are kept, and a file that changed since it was read is left
alone.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from sqrt_tools.input_limits import read_bytes

_BOM = b"\xef\xbb\xbf"


def rewrite_file(path: str | Path, expected: str, new_text: str, *, doing: str) -> None:
    """Replace the text `expected` of the file at `path` by `new_text`.

    Raises `OSError` when the file cannot be read or written, or when it no longer
    holds `expected` ("the file changed while it was being {doing}")."""
    target = Path(os.path.realpath(path))  # write through a symlink, keep the link
    current = read_bytes(target)
    had_bom = current.startswith(_BOM)
    if current.decode("utf-8", errors="replace").removeprefix("\ufeff") != expected:
        raise OSError(0, f"the file changed while it was being {doing}")
    data = (_BOM if had_bom else b"") + new_text.encode("utf-8")
    info = target.stat()
    if info.st_nlink > 1 or not _rename_keeps_owner(target, data, info):
        _write_in_place(target, data)


def _rename_keeps_owner(target: Path, data: bytes, info: os.stat_result) -> bool:
    """Write `data` to a temporary file with `target`'s mode, owner and group and rename
    it over `target`. False (and nothing changed) when the owner cannot be kept."""
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        written = Path(temporary)
        written.chmod(stat.S_IMODE(info.st_mode))
        created = written.stat()
        if (created.st_uid, created.st_gid) != (info.st_uid, info.st_gid):
            try:
                os.chown(written, info.st_uid, info.st_gid)
            except PermissionError:
                written.unlink(missing_ok=True)
                return False
        written.replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _write_in_place(target: Path, data: bytes) -> None:
    """Overwrite `target`'s bytes through the same inode (its links, owner and mode stay)."""
    with target.open("r+b") as stream:
        stream.write(data)
        stream.truncate()
        stream.flush()
        os.fsync(stream.fileno())
