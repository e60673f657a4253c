"""Course bundles as zip files: unpacking an upload safely, and packing a folder reproducibly.

An uploaded zip is untrusted. `extract_bundle` refuses, before writing anything it should not,
every member that could land outside the folder (zip slip), that is a link or a device, that is
encrypted or repeated, and any archive that is too big, too crowded or that expands beyond the
limits. The limits are settings (BUNDLE_MAX_*, defaults below), and sizes are counted while
extracting rather than read from the headers, which a zip bomb can forge.
"""

import io
import re
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

from jsnlearn.bundles import files
from jsnlearn.bundles.errors import BundleInvalid, Problem
from jsnlearn.bundles.format import COURSE_FILE

MB = 1024 * 1024
CHUNK = 64 * 1024
# What zip tools add beside the course (macOS's resource forks and folder settings): not
# the author's content, so left out rather than refused.
IGNORED = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$)")
DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
FIXED_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can store


@dataclass(frozen=True)
class Limits:
    upload_bytes: int
    members: int
    member_bytes: int
    total_bytes: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            upload_bytes=getattr(settings, "BUNDLE_MAX_UPLOAD_BYTES", 10 * MB),
            members=getattr(settings, "BUNDLE_MAX_MEMBERS", 500),
            member_bytes=files.MAX_FILE_BYTES,  # the reader's own cap: both refuse one file
            total_bytes=getattr(settings, "BUNDLE_MAX_TOTAL_BYTES", 20 * MB),
        )


def _readable(size: int) -> str:
    return f"{size / MB:g} MB" if size >= MB else f"{size / 1024:g} KB"


@contextmanager
def scratch_folder() -> Iterator[Path]:
    """A fresh private folder, removed with everything in it however the block ends."""
    with tempfile.TemporaryDirectory(prefix="jsnlearn-bundle-") as folder:
        yield Path(folder)


@contextmanager
def unpacked_bundle(upload) -> Iterator[Path]:
    """`extract_bundle` into a scratch folder: yields the bundle's root, then removes it all."""
    with scratch_folder() as folder:
        yield extract_bundle(upload, folder)


def extract_bundle(upload, dest: Path) -> Path:
    """Unpack the zip `upload` (a binary file object, e.g. an uploaded file) into the empty
    folder `dest` and return the bundle's root: `dest` itself when course.yaml is at the zip's
    top level, else the zip's single top-level folder. Raises BundleInvalid naming what is wrong."""
    name = getattr(upload, "name", None) or "upload"
    limits = Limits.from_settings()
    if _size_of(upload) > limits.upload_bytes:
        _refuse(name, f"the file is larger than {_readable(limits.upload_bytes)}")
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        _refuse(name, "this is not a zip file, or it is cut short")
    except NotImplementedError as error:  # e.g. "zip file version 6.4"
        _refuse(name, f"this zip uses a feature we cannot read ({error})")
    with archive:
        _extract(archive, _checked_files(archive.infolist(), name, limits), dest, limits)
    return _bundle_root(dest)


def _size_of(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        size = upload.seek(0, io.SEEK_END)
    upload.seek(0)
    return size


def _refuse(file: str, message: str):
    raise BundleInvalid([Problem(file=file, field="", message=message)])


def _checked_files(infos: list[zipfile.ZipInfo], name: str, limits: Limits) -> list:
    """The files to extract, once every member has passed the checks on names and kinds."""
    if len(infos) > limits.members:
        _refuse(name, f"the zip holds {len(infos)} entries; a bundle may hold {limits.members}")
    seen = set()
    for info in infos:
        if not info.filename:
            _refuse(name, "the zip holds an entry without a name")
        key = PurePosixPath(info.filename).as_posix()  # "a/", "a//b", "a/./b" are "a", "a/b"
        problem = _member_problem(info) or (
            "the zip holds two entries of this name" if key in seen else None
        )
        if problem:
            _refuse(info.filename, problem)
        seen.add(key)
    files = [info for info in infos if not info.is_dir() and not IGNORED.search(info.filename)]
    file_names = {PurePosixPath(info.filename) for info in files}
    for info in files:
        for parent in PurePosixPath(info.filename).parents:
            if parent in file_names:
                _refuse(info.filename, f"{parent} is both a file and a folder in the zip")
    return files


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    mode = info.external_attr >> 16
    if "\x00" in info.orig_filename:  # zipfile cuts the name there, so it would pass as another
        return "the name contains a null character"
    if "\\" in name:
        return "the name contains a backslash; folders in a zip are separated by /"
    if name.startswith("/") or DRIVE_LETTER.match(name):
        return "the name is an absolute path; a bundle's files must be relative to it"
    if ".." in PurePosixPath(name).parts:
        return "the name climbs out of the bundle (..)"
    if stat.S_ISLNK(mode):
        return "this is a symbolic link; a bundle holds plain files only"
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "this is not a plain file"
    if info.flag_bits & 0x1:
        return "this file is encrypted; zip the bundle without a password"
    return None


def _too_big(limits: Limits) -> str:
    return f"this file is larger than {_readable(limits.member_bytes)} once unpacked"


def _too_big_in_total(limits: Limits) -> str:
    return f"the files add up to more than {_readable(limits.total_bytes)} once unpacked"


def _extract(archive: zipfile.ZipFile, files: list, dest: Path, limits: Limits):
    """Copy each file out in chunks, counting the bytes that really come out: sizes are never
    read from the headers, which a zip bomb forges, and extraction stops at the first chunk
    over a limit."""
    budget = limits.total_bytes
    for info in files:
        target = dest.joinpath(*PurePosixPath(info.filename).parts)
        if not target.resolve().is_relative_to(dest.resolve()):
            _refuse(info.filename, "the name climbs out of the bundle")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with archive.open(info) as source, target.open("xb") as out:
                budget -= _copy(source, out, info.filename, limits, budget)
        except NotImplementedError:
            _refuse(info.filename, "this file is compressed in a way we cannot read")
        except (zipfile.BadZipFile, EOFError, ValueError, zlib.error) as error:
            _refuse(info.filename, f"this file cannot be unpacked: the zip is damaged ({error})")
        except OSError as error:  # e.g. a name too long for the file system
            _refuse(info.filename, f"this file cannot be unpacked ({error.strerror})")


def _copy(source, out, name: str, limits: Limits, budget: int) -> int:
    size = 0
    while chunk := source.read(CHUNK):
        size += len(chunk)
        if size > limits.member_bytes:
            _refuse(name, _too_big(limits))
        if size > budget:
            _refuse(name, _too_big_in_total(limits))
        out.write(chunk)
    return size


def _bundle_root(dest: Path) -> Path:
    if (dest / COURSE_FILE).is_file():
        return dest
    entries = list(dest.iterdir())
    if len(entries) == 1 and entries[0].is_dir() and (entries[0] / COURSE_FILE).is_file():
        return entries[0]
    _refuse(
        COURSE_FILE,
        "the zip has no course.yaml, at its top level or in a single top-level folder",
    )


def zip_bundle(root: Path) -> bytes:
    """The folder `root` as a zip, under a top-level folder of the same name. Names are sorted
    and timestamps and permissions fixed, so the same files always give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(_files_under(root), key=lambda p: p.relative_to(root).as_posix()):
            info = zipfile.ZipInfo(f"{root.name}/{path.relative_to(root).as_posix()}")
            info.date_time = FIXED_TIMESTAMP
            info.create_system = 3  # Unix, so that the permissions below read as such
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return out.getvalue()


def _files_under(root: Path) -> Iterator[Path]:
    return (p for p in root.rglob("*") if p.is_file() and not p.is_symlink())
