"""Unpacking uploaded zips safely and packing bundles reproducibly: jsnlearn/bundles/archive.py."""

import io
import os
import tempfile
import warnings
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jsnlearn.bundles.archive import MB, extract_bundle, unpacked_bundle, zip_bundle
from jsnlearn.bundles.errors import BundleInvalid
from tests.bundle_admin.helpers import (
    lying_bomb,
    make_zip,
    mark_encrypted,
    symlink_member,
    zip_of,
)

COURSE = "slug: sns-japan\ntitle: Social networking in Japan\n"


def upload(content: bytes, name="course.zip"):
    return SimpleUploadedFile(name, content, content_type="application/zip")


def refusal(content: bytes, dest, name="course.zip"):
    """The one problem extract_bundle finds in `content`, as (file, message)."""
    with pytest.raises(BundleInvalid) as refused:
        extract_bundle(upload(content, name), dest)
    [problem] = refused.value.problems
    return problem.file, problem.message


def files_in(folder) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def dest(tmp_path):
    folder = tmp_path / "unpacked"
    folder.mkdir()
    return folder


# --- Accepted ---------------------------------------------------------------------------------


def test_a_bundle_at_the_zips_top_level_is_its_own_root(dest):
    root = extract_bundle(upload(make_zip({"course.yaml": COURSE, "01-m/l.md": "# L"})), dest)

    assert root == dest
    assert files_in(root) == {"course.yaml", "01-m/l.md"}
    assert (root / "course.yaml").read_text() == COURSE


def test_a_bundle_in_a_single_top_folder_is_found_there(dest):
    content = make_zip({"sns-japan/course.yaml": COURSE, "sns-japan/01-m/l.md": "# L"})

    root = extract_bundle(upload(content), dest)

    assert root == dest / "sns-japan"
    assert files_in(root) == {"course.yaml", "01-m/l.md"}


def test_what_macos_adds_to_a_zip_is_left_out(dest):
    content = make_zip(
        {
            "sns-japan/course.yaml": COURSE,
            "sns-japan/.DS_Store": b"\x00\x01",
            "__MACOSX/sns-japan/._course.yaml": b"\x00\x05",
        }
    )

    root = extract_bundle(upload(content), dest)

    assert root == dest / "sns-japan"
    assert files_in(dest) == {"sns-japan/course.yaml"}


@pytest.mark.parametrize(
    "files",
    [
        {"a/course.yaml": COURSE, "b/course.yaml": COURSE},
        {"notes.md": "# Notes"},
        {"a/b/course.yaml": COURSE},
    ],
)
def test_a_zip_without_course_yaml_where_expected_is_refused(dest, files):
    assert refusal(make_zip(files), dest) == (
        "course.yaml",
        "the zip has no course.yaml, at its top level or in a single top-level folder",
    )


# --- Names that could land outside the folder ------------------------------------------------


@pytest.mark.parametrize(
    ("member", "says"),
    [
        ("../x.md", "climbs out"),
        ("sns/../../x.md", "climbs out"),
        ("/etc/x.md", "absolute path"),
        ("C:/x.md", "absolute path"),
        ("..\\x.md", "backslash"),
    ],
)
def test_a_member_named_outside_the_bundle_is_refused_and_nothing_escapes(
    tmp_path, dest, member, says
):
    content = make_zip({"course.yaml": COURSE, member: "escaped"})

    file, message = refusal(content, dest)

    assert file == member
    assert says in message
    everything = {p.name for p in tmp_path.rglob("*")}
    assert "x.md" not in everything
    assert not any("escaped" in p.read_text() for p in tmp_path.rglob("*") if p.is_file())


def test_a_name_with_a_null_character_is_refused_not_cut_short(dest):
    content = make_zip({"course.yaml": COURSE, "m/l.md?.exe": "x"})
    content = content.replace(b"m/l.md?.exe", b"m/l.md\x00.exe")

    assert refusal(content, dest) == ("m/l.md", "the name contains a null character")
    assert files_in(dest) == set()


def test_a_symbolic_link_is_refused(dest):
    content = zip_of(
        (zipfile.ZipInfo("course.yaml"), COURSE), symlink_member("l.md", "/etc/passwd")
    )

    assert refusal(content, dest) == (
        "l.md",
        "this is a symbolic link; a bundle holds plain files only",
    )
    assert not (dest / "l.md").exists()


def test_an_encrypted_member_is_refused(dest):
    content = mark_encrypted(make_zip({"course.yaml": COURSE, "secret.md": "x"}), "secret.md")

    assert refusal(content, dest) == (
        "secret.md",
        "this file is encrypted; zip the bundle without a password",
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [("l.md", "l.md"), ("m/l.md", "m//l.md"), ("m/l.md", "m/./l.md"), ("m", "m/")],
)
def test_two_members_of_the_same_name_are_refused(dest, first, second):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile's own "Duplicate name" warning
        content = zip_of(
            (zipfile.ZipInfo("course.yaml"), COURSE),
            (zipfile.ZipInfo(first), "x"),
            (zipfile.ZipInfo(second), "y"),
        )

    assert refusal(content, dest) == (second, "the zip holds two entries of this name")


def test_a_name_that_is_both_a_file_and_a_folder_is_refused(dest):
    content = make_zip({"course.yaml": COURSE, "01-m": "a file", "01-m/l.md": "# L"})

    assert refusal(content, dest) == ("01-m/l.md", "01-m is both a file and a folder in the zip")


# --- Sizes ----------------------------------------------------------------------------------


def test_more_members_than_allowed_are_refused_before_unpacking(dest):
    content = make_zip({"course.yaml": COURSE} | {f"m/{n}.md": "x" for n in range(500)})

    file, message = refusal(content, dest)

    assert (file, message) == ("course.zip", "the zip holds 501 entries; a bundle may hold 500")
    assert files_in(dest) == set()


def test_a_member_larger_than_allowed_is_refused(dest):
    content = make_zip({"course.yaml": COURSE, "big.md": b"a" * (MB + 1)})

    assert refusal(content, dest) == ("big.md", "this file is larger than 1 MB once unpacked")


def test_highly_compressible_members_over_the_total_are_refused_while_unpacking(dest):
    """21 files of 1 MB of zeros fit in a few kilobytes of zip, and in no bundle."""
    content = make_zip({"course.yaml": COURSE} | {f"z{n:02}.md": bytes(MB) for n in range(21)})
    assert len(content) < 100_000

    file, message = refusal(content, dest)

    assert (file, message) == ("z19.md", "the files add up to more than 20 MB once unpacked")
    assert sum(p.stat().st_size for p in dest.rglob("*") if p.is_file()) <= 20 * MB


def test_a_header_that_understates_a_members_size_gets_no_more_out_than_it_claims(dest):
    """A zip bomb: 30 MB of zeros whose headers say 1 KB (with the matching checksum)."""
    content = lying_bomb("course.yaml", real_size=30 * MB, claimed_size=1024)

    root = extract_bundle(upload(content), dest)

    assert (root / "course.yaml").stat().st_size == 1024


def test_an_upload_over_the_limit_is_refused_unopened(settings, dest):
    settings.BUNDLE_MAX_UPLOAD_BYTES = 1024
    content = make_zip({"course.yaml": COURSE, "l.md": os.urandom(2048)})

    assert refusal(content, dest) == ("course.zip", "the file is larger than 1 KB")


# --- Not a zip, or a damaged one ---------------------------------------------------------------


def test_a_file_that_is_not_a_zip_is_refused(dest):
    assert refusal(b"slug: sns-japan\n", dest, name="course.yaml") == (
        "course.yaml",
        "this is not a zip file, or it is cut short",
    )


def test_a_zip_cut_short_is_refused(dest):
    content = make_zip({"course.yaml": COURSE})

    assert (
        refusal(content[: len(content) // 2], dest)[1]
        == "this is not a zip file, or it is cut short"
    )


def test_a_damaged_member_is_refused_by_name(dest):
    content = bytearray(
        make_zip({"course.yaml": COURSE, "l.md": "stamps " * 200}, compression=zipfile.ZIP_STORED)
    )
    offset = content.index(b"stamps")
    content[offset : offset + 6] = b"STAMPS"

    file, message = refusal(bytes(content), dest)

    assert file == "l.md"
    assert message.startswith("this file cannot be unpacked: the zip is damaged (Bad CRC-32")


GOOD = make_zip({"sns/course.yaml": COURSE, "sns/01-m/l.md": "# Lesson\n" * 50})


@settings(max_examples=200, deadline=None)
# Damage that once got past: a negative offset, an unknown zip version, an entry with no name.
@example(damage=[(290, 1)])
@example(damage=[(220, 64)])
@example(damage=[(199, 0)])
@given(
    damage=st.lists(
        st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), min_size=1, max_size=8
    )
)
def test_a_damaged_zip_is_either_unpacked_or_refused_with_a_problem(tmp_path_factory, damage):
    content = bytearray(GOOD)
    for offset, value in damage:
        content[offset] = value
    dest = tmp_path_factory.mktemp("damaged")
    try:
        root = extract_bundle(upload(bytes(content)), dest)
    except BundleInvalid as refused:
        problems = refused.problems
    else:
        problems = []
        assert root.is_relative_to(dest)
    assert problems or (root / "course.yaml").is_file()
    assert all(p.resolve().is_relative_to(dest) for p in dest.rglob("*"))


# --- The scratch folder ------------------------------------------------------------------------


@pytest.fixture
def temp_root(tmp_path, monkeypatch):
    """Where temporary folders go during the test, to see what is left behind."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_the_unpacked_folder_is_removed_afterwards(temp_root):
    with unpacked_bundle(upload(make_zip({"course.yaml": COURSE}))) as root:
        assert (root / "course.yaml").is_file()
        assert root.is_relative_to(temp_root)

    assert list(temp_root.iterdir()) == []


@pytest.mark.parametrize("files", [{"x.md": "x"}, {"course.yaml": COURSE, "../x": "x"}])
def test_the_unpacked_folder_is_removed_when_the_zip_is_refused(temp_root, files):
    with pytest.raises(BundleInvalid), unpacked_bundle(upload(make_zip(files))):
        pass

    assert list(temp_root.iterdir()) == []


def test_the_unpacked_folder_is_removed_when_the_import_fails(temp_root):
    with pytest.raises(KeyError), unpacked_bundle(upload(make_zip({"course.yaml": COURSE}))):
        raise KeyError("the importer stopped")

    assert list(temp_root.iterdir()) == []


# --- Packing --------------------------------------------------------------------------------


def write_course(folder, files: dict[str, str]):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder


FILES = {
    "course.yaml": COURSE,
    "02-line/module.yaml": "title: LINE\n",
    "02-line/kidoku.md": "---\ntitle: Kidoku\n---\nRead marks.\n",
    "01-meishi/module.yaml": "title: Meishi\n",
}


def test_the_same_course_packs_to_the_same_bytes(tmp_path):
    first = write_course(tmp_path / "a" / "sns-japan", FILES)
    # The same files written in the other order, an hour apart, with other permissions.
    second = write_course(tmp_path / "b" / "sns-japan", dict(reversed(FILES.items())))
    for path in second.rglob("*"):
        os.utime(path, (1_700_000_000, 1_700_003_600))
        if path.is_file():
            path.chmod(0o600)

    assert zip_bundle(first) == zip_bundle(second)


def test_a_packed_course_sits_in_a_folder_named_after_it_in_sorted_order(tmp_path):
    packed = zip_bundle(write_course(tmp_path / "sns-japan", FILES))

    with zipfile.ZipFile(io.BytesIO(packed)) as archive:
        names = archive.namelist()
        assert names == sorted(f"sns-japan/{name}" for name in FILES)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.read("sns-japan/02-line/kidoku.md").decode() == FILES["02-line/kidoku.md"]


def test_a_packed_course_unpacks_to_the_same_files(tmp_path):
    packed = zip_bundle(write_course(tmp_path / "sns-japan", FILES))
    dest = tmp_path / "unpacked"
    dest.mkdir()

    root = extract_bundle(upload(packed, "sns-japan.zip"), dest)

    assert root == dest / "sns-japan"
    assert {name: (root / name).read_text() for name in files_in(root)} == FILES
