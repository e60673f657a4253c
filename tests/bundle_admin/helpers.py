"""Zips built by hand, good and crafted, for the archive and import-page tests; staff users,
exported bundles and the import form."""

import io
import stat
import struct
import zipfile
import zlib

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

IMPORT_URL = "/admin/bundles/import/"


def make_zip(files: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of `files` (name -> content), in that order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def zip_of(*infos_and_contents) -> bytes:
    """A zip of (ZipInfo, content) pairs, for members whose headers a test sets itself."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info, content in infos_and_contents:
            archive.writestr(info, content)
    return out.getvalue()


def symlink_member(name: str, target: str) -> tuple[zipfile.ZipInfo, str]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target


def mark_encrypted(content: bytes, name: str) -> bytes:
    """`content` with the member `name` flagged as encrypted in both of its headers (zipfile
    cannot write encrypted members; the flag is what a reader meets first)."""
    data = bytearray(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        local = archive.getinfo(name).header_offset
    data[local + 6] |= 0x1
    central = data.find(b"PK\x01\x02")
    while central != -1:
        (length,) = struct.unpack_from("<H", data, central + 28)
        if data[central + 46 : central + 46 + length] == name.encode():
            data[central + 8] |= 0x1
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def lying_bomb(name: str, real_size: int, claimed_size: int) -> bytes:
    """One deflated member of `real_size` zero bytes whose headers claim `claimed_size`, with
    the CRC of the claimed bytes: a reader that checks the headers' sizes, then decompresses
    the whole stream, writes `real_size` bytes."""
    data = b"\x00" * real_size
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = squeezer.compress(data) + squeezer.flush()
    crc = zlib.crc32(data[:claimed_size])
    encoded = name.encode()
    # The fields both headers share: flags, method (deflate), time, date, crc, sizes, name and
    # extra lengths.
    shared_format = "4H3L2H"
    shared = (0, 8, 0, 0x21, crc, len(packed), claimed_size, len(encoded), 0)
    local = struct.pack("<4sH" + shared_format, b"PK\x03\x04", 20, *shared) + encoded
    # Then the central header's own: comment length, disk, attributes, offset of the local one.
    central_own = (0, 0, 0, 0o644 << 16, 0)
    central_format = "<4s2H" + shared_format + "3H2L"
    central = struct.pack(central_format, b"PK\x01\x02", 20, 20, *shared, *central_own) + encoded
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(local) + len(packed), 0
    )
    return local + packed + central + end


def staff(email, *, teaches=(), may_add_courses=False, **fields):
    user = UserFactory(email=email, is_staff=True, **fields)
    for course in teaches:
        course.instructors.add(user)
    if may_add_courses:
        user.user_permissions.add(Permission.objects.get(codename="add_course"))
    return user


def exported(course) -> bytes:
    """The course's bundle as the admin's "Export as bundle" gives it."""
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("bundles:export", kwargs={"course_id": course.pk}))
    assert response.status_code == 200
    return response.content


def post_bundle(client, content: bytes, *, name="bundle.zip", **options):
    """Send the import form: `options` are its checkboxes (update=True, dry_run=True)."""
    data = {"bundle": SimpleUploadedFile(name, content, content_type="application/zip")}
    data |= {option: "on" for option, ticked in options.items() if ticked}
    return client.post(IMPORT_URL, data)
