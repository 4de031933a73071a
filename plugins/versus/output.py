"""Atomic output folders: everything is written to a fresh sibling folder, which replaces the
target only once complete. A killed or failed run leaves the previous output byte for byte.

Where Linux offers it, the swap is one `renameat2(RENAME_EXCHANGE)` call: at every instant the
target is either the old folder or the new one. Elsewhere it is two renames, one after the other.

Folders written by `versus export` and `versus emit` carry a marker file; those commands refuse
to replace a non-empty folder without it (one they did not make) unless told to with `--force`,
and never replace the project itself or a folder holding it.
"""

from __future__ import annotations

import ctypes
import glob
import os
import shutil
import tempfile
import time
from pathlib import Path

MARKER = ".versus-output"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_STALE_SECONDS = 3600


class OutputError(Exception):
    """The target folder may not be replaced; the message says why and what to do."""


def check_target(target: Path, *, force: bool = False, protected: tuple[Path, ...] = ()) -> None:
    """Refuse a target that is (or holds) a protected folder, or that holds files this tool did
    not write, unless `force`."""
    resolved = target.resolve()
    for folder in protected:
        folder = folder.resolve()
        if resolved == folder or resolved in folder.parents:
            raise OutputError(f"'{target}' holds {folder}; choose an empty or new folder")
    if target.exists() and not target.is_dir():
        raise OutputError(f"'{target}' is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file() and not force:
        raise OutputError(f"'{target}' is not empty and was not written by versus; choose an empty or new "
                          "folder, or pass --force to replace everything in it")


def staging_folder(target: Path) -> Path:
    """A new, empty folder beside `target` (same file system, so the swap is a rename). Folders
    left by killed runs (older than an hour, so never a concurrent run's) are removed first."""
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{target.resolve().name}.versus-"
    for stale in parent.glob(f"{glob.escape(prefix)}*"):
        try:
            if stale.is_dir() and not stale.is_symlink() and time.time() - stale.stat().st_mtime > _STALE_SECONDS:
                shutil.rmtree(stale, ignore_errors=True)
        except OSError:
            pass
    return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))


def swap_in(staging: Path, target: Path) -> None:
    """Put `staging` where `target` is, then delete the old target."""
    target = target.resolve()
    if target.exists() or target.is_symlink():
        if _exchange(staging, target):
            shutil.rmtree(staging, ignore_errors=True)  # now holds the old output
            return
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.versus-old-", dir=target.parent))
        os.replace(target, old / target.name)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, target)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def write_folder(target: Path, files: dict[str, str], *, force: bool = False,
                 protected: tuple[Path, ...] = ()) -> None:
    """Write `files` ({relative path: text}) as the whole content of `target`, atomically."""
    check_target(target, force=force, protected=protected)
    staging = staging_folder(target)
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        (staging / MARKER).write_text("Written by versus; the next run replaces this whole folder.\n", encoding="utf-8")
        swap_in(staging, target)
    except BaseException:
        discard(staging)
        raise


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one system call (Linux 3.15+); False where that is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    return renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0
