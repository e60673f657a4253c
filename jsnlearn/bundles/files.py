"""The files of a bundle, read safely: nothing outside its folder, nothing too big.

A bundle may come from anywhere (an upload, a repository), so before anything is parsed its
folder is listed once: symbolic links, special files, oversized files and too many entries are
problems, and names starting with a dot (`.git`, `.DS_Store`) are left out. Only files on that
list are ever opened, by names checked to be plain names inside it.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from jsnlearn.bundles.errors import Problem
from lessons.pictures import MAX_UPLOAD_BYTES, PICTURE_SUFFIXES

MAX_FILE_BYTES = 1024 * 1024  # a lesson is a few kilobytes; a megabyte is plenty


def max_bytes(path: str) -> int:
    """How big the file at `path` may be: pictures more than text."""
    return MAX_UPLOAD_BYTES if path.lower().endswith(PICTURE_SUFFIXES) else MAX_FILE_BYTES


MAX_ENTRIES = 1000  # files and folders together


@dataclass
class Listing:
    """What the bundle folder holds: paths relative to it, "/"-separated."""

    root: Path
    files: set[str] = field(default_factory=set)
    folders: set[str] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)  # there, but a problem (a link, too big)


def list_bundle(root: Path, problems: list[Problem]) -> Listing | None:
    """The files and folders under `root`; None when it is not a folder at all."""
    root = Path(root)
    if not root.is_dir():
        problems.append(Problem("", "", f"{root} is not a folder"))
        return None
    listing = Listing(root.resolve())
    pending = [""]
    while pending:
        folder = pending.pop()
        for entry in _entries(listing.root / folder, folder, problems):
            if len(listing.files) + len(listing.folders) >= MAX_ENTRIES:
                problems.append(
                    Problem("", "", f"the bundle has more than {MAX_ENTRIES} files and folders")
                )
                return listing
            path = str(PurePosixPath(folder, entry.name))
            if _take(entry, path, listing, problems):
                pending.append(path)
    return listing


def _entries(folder: Path, path: str, problems: list[Problem]) -> list[os.DirEntry]:
    """What `folder` holds, by name, leaving out names that start with a dot."""
    try:
        with os.scandir(folder) as entries:
            found = [entry for entry in entries if not entry.name.startswith(".")]
    except OSError as error:
        problems.append(Problem(path, "", f"cannot be read ({error.strerror})"))
        return []
    return sorted(found, key=lambda entry: entry.name)


def _take(entry: os.DirEntry, path: str, listing: Listing, problems: list[Problem]) -> bool:
    """Add `entry` to the listing (or say what is wrong with it); True for a folder to open."""
    if entry.is_dir(follow_symlinks=False):
        listing.folders.add(path)
        return True
    if entry.is_symlink():
        message = "is a symbolic link; a bundle holds plain files only"
    elif not entry.is_file(follow_symlinks=False):
        message = "is not a plain file"
    elif (size := entry.stat(follow_symlinks=False).st_size) > max_bytes(path):
        message = _too_big(size, max_bytes(path))
    else:
        listing.files.add(path)
        return False
    listing.refused.add(path)
    problems.append(Problem(path, "", message))
    return False


def _too_big(size: int, limit: int = MAX_FILE_BYTES) -> str:
    return f"is {size:,} bytes; a file may be at most {limit:,} bytes ({limit // 1024 // 1024} MB)"


def name_problem(name) -> str | None:
    """Why `name` (from an order list) is not the plain name of something in its folder."""
    if not isinstance(name, str):
        return "must be a file or folder name, written as text"
    if not name or name in (".", ".."):
        return "must be a file or folder name"
    if "/" in name or "\\" in name or "\x00" in name:
        return "must be a name in this folder, not a path"
    if name.startswith("."):
        return "must not start with a dot (such names are left out of bundles)"
    return None


def read_text(root: Path, path: str, problems: list[Problem]) -> str | None:
    """The UTF-8 text of the listed file `path`, line breaks as "\\n"; None (and a problem)
    when it cannot be read as such."""
    try:
        descriptor = os.open(Path(root, path), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        problems.append(Problem(path, "", f"cannot be read ({error.strerror})"))
        return None
    with os.fdopen(descriptor, "rb") as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        problems.append(Problem(path, "", _too_big(len(data))))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(
                path,
                "",
                f"is not UTF-8 text (byte 0x{data[error.start]:02x} at position {error.start}); "
                "save it as UTF-8",
            )
        )
        return None
    if "\x00" in text:
        problems.append(Problem(path, "", "contains a null character; it is not a text file"))
        return None
    return normalize_newlines(text.removeprefix("\ufeff"))


def read_bytes(root: Path, path: str, problems: list[Problem]) -> bytes | None:
    """The bytes of the listed file `path` (a picture); None (and a problem) when it cannot be
    read or is too big."""
    try:
        descriptor = os.open(Path(root, path), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        problems.append(Problem(path, "", f"cannot be read ({error.strerror})"))
        return None
    limit = max_bytes(path)
    with os.fdopen(descriptor, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        problems.append(Problem(path, "", _too_big(len(data), limit)))
        return None
    return data


def normalize_newlines(text: str) -> str:
    """Bundles break lines with "\\n": Windows' "\\r\\n" (and a lone "\\r") become "\\n"."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalized(value):
    """`value` with its line breaks normalized when it is text, else as it is."""
    return normalize_newlines(value) if isinstance(value, str) else value
