"""Atomic file replacement: write to a temporary name in the target's directory, rename on success."""
from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path
from typing import Iterator

__all__ = ["atomic_path", "temporary_sibling", "commit", "discard", "fsync_dir"]


def temporary_sibling(path: str | os.PathLike[str]) -> Path:
    """A fresh hidden name next to ``path`` (same directory, so the final rename stays on one file system)."""
    target = Path(path)
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, fsync: bool = True) -> Iterator[Path]:
    """Yield a temporary path to write to; on success it replaces ``path`` in one rename.

    If the block raises (or the process dies), ``path`` keeps its earlier content and the temporary file
    is removed (after a crash a hidden ``.NAME.*.tmp`` file may remain). The temporary file is created by
    the caller, with the normal umask, so the final file gets the usual permissions.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_sibling(target)
    try:
        yield tmp
    except OSError as exc:
        discard(tmp)
        if exc.filename in (None, str(tmp), tmp):  # the hidden name (or none) tells the user nothing: the target
            raise type(exc)(exc.errno, exc.strerror, str(target)) from exc
        raise
    except BaseException:
        discard(tmp)
        raise
    commit(tmp, target, fsync=fsync)


def commit(tmp: Path, target: Path, *, fsync: bool = True) -> None:
    """Move a finished temporary file onto ``target`` (one atomic rename); remove it if that fails."""
    try:
        if fsync:
            _fsync(tmp)
        os.replace(tmp, target)
    except BaseException:
        discard(tmp)
        raise
    if fsync:
        fsync_dir(target.parent)


def discard(tmp: Path) -> None:
    """Remove an unfinished temporary file (if it was created at all)."""
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (where the platform allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # not possible on every platform (Windows); the rename itself is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
