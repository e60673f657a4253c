"""Pictures for courses and modules: an instructor's, checked and resized, or one drawn from
the title.

An uploaded picture is read with Pillow, refused in words when it is not a usable image (wrong
type, too big, too small, too many pixels) and stored, re-encoded as WebP in the two sizes the
pages use, in the database (`Picture`): a PaaS dyno's disk is wiped on every restart, the
database is not. Its key is a digest of its bytes, so its address never needs to change for
the same bytes and may be cached for a year.

A course or module without one shows a picture drawn from its title: an SVG whose colours and
pattern follow from a hash of the title, with its first letter. Its address holds all it needs
(the hash and the letter), so serving it reads nothing from the database.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

# The one shape every picture has (2:1), in the two sizes the pages show.
SIZES = {"large": (1200, 600), "small": (320, 160)}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MIN_WIDTH, MIN_HEIGHT = 600, 300
MAX_PIXELS = 40_000_000  # past this Pillow would need hundreds of megabytes to decode it
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")  # their files' names, in a bundle
GENERATED_VERSION = "1"  # part of every generated picture's address: change it with the drawing


@dataclass(frozen=True)
class Resized:
    large: bytes
    small: bytes

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.large + b"|" + self.small).hexdigest()[:32]


def resize_upload(data: bytes) -> Resized:
    """The picture in `data` cropped to 2:1 and encoded as WebP in both sizes, or a
    ValidationError saying, in words an instructor understands, why it can't be used."""
    if not data:
        raise ValidationError("The picture file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        megabytes = len(data) / 1024 / 1024
        raise ValidationError(
            f"The picture is {megabytes:.1f} MB; the most it can be is "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB."
        )
    kinds = ", ".join(ACCEPTED_FORMATS.values())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            image_format = probe.format
            width, height = probe.size
            if image_format not in ACCEPTED_FORMATS:
                raise ValidationError(f"Pictures must be {kinds}; this file is {image_format}.")
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    f"The picture is {width} x {height} pixels: too many to process. "
                    "Resize it to under 6000 pixels a side."
                )
            probe.verify()  # reads the whole file: a truncated or corrupt one fails here
            image = Image.open(io.BytesIO(data))
            image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(f"This file is not a picture we can read. Use {kinds}.") from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError("The picture file is damaged or incomplete.") from None
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        raise ValidationError(
            f"The picture is {width} x {height} pixels; it needs at least "
            f"{MIN_WIDTH} x {MIN_HEIGHT} (it is shown up to 1200 x 600)."
        )
    image = ImageOps.exif_transpose(image).convert("RGB")
    if image_format == "WEBP" and (width, height) == SIZES["large"]:
        # Already what we store (an exported bundle's picture): kept byte for byte, so
        # exporting and importing a course again changes nothing.
        large = data
    else:
        large = _webp(ImageOps.fit(image, SIZES["large"], method=Image.Resampling.LANCZOS))
    # The small size is made from the large one as stored, so the same large bytes always
    # give the same small ones.
    with Image.open(io.BytesIO(large)) as stored:
        small = _webp(ImageOps.fit(stored.convert("RGB"), SIZES["small"], Image.Resampling.LANCZOS))
    return Resized(large=large, small=small)


def _webp(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "WEBP", quality=80, method=4)
    return out.getvalue()


# ---- Pictures drawn from a title ----

PALETTES = [  # (background, pattern), each background dark enough for a white letter
    ("#3f3fc8", "#7d7dea"),
    ("#0b6f75", "#3fb3b8"),
    ("#6b3fb8", "#a383e0"),
    ("#1b6a3e", "#58b47e"),
    ("#8a3b12", "#d07a45"),
    ("#1f4f8c", "#5b8fd0"),
    ("#7a2e5c", "#c46aa0"),
    ("#44516b", "#8593b0"),
]
PATTERNS = ("waves", "dots", "stripes", "circles")


def title_code(title: str) -> str:
    """What a generated picture's address holds: a hash of the title and its first letter."""
    digest = hashlib.sha256(title.strip().encode()).hexdigest()[:8]
    letter = next((c for c in title.strip() if c.isalnum()), "?")
    return f"{digest}-{ord(letter.upper() if letter.isascii() else letter):x}"


def parse_title_code(code: str) -> tuple[int, str] | None:
    """(the hash, the letter) from an address's code, or None when it isn't one."""
    digest, _, letter = code.partition("-")
    if len(digest) != 8 or not 1 <= len(letter) <= 6:
        return None
    try:
        seed, point = int(digest, 16), int(letter, 16)
        char = chr(point)
    except (ValueError, OverflowError):
        return None
    if not char.isalnum():
        return None
    return seed, char


def _pattern(kind: str, colour: str, seed: int) -> str:
    shift = seed % 60
    if kind == "waves":
        rows = []
        for row in range(7):
            y = 60 + row * 90
            rows.append(
                f'<path d="M-100 {y} q75 -50 150 0 t150 0 t150 0 t150 0 t150 0 t150 0 t150 0 '
                f't150 0 t150 0" transform="translate({shift} 0)"/>'
            )
        group = '<g fill="none" stroke="{}" stroke-width="14" opacity=".55">{}</g>'
        return group.format(colour, "".join(rows))
    if kind == "dots":
        dots = [
            f'<circle cx="{x * 80 + shift + (40 if y % 2 else 0)}" cy="{y * 80 + 20}" r="14"/>'
            for y in range(8)
            for x in range(16)
        ]
        return f'<g fill="{colour}" opacity=".5">{"".join(dots)}</g>'
    if kind == "stripes":
        lines = [f'<path d="M{x} 0 l-600 600"/>' for x in range(-100 + shift, 1900, 90)]
        return f'<g stroke="{colour}" stroke-width="30" opacity=".45">{"".join(lines)}</g>'
    rings = [f'<circle cx="{900 + shift}" cy="{300 - shift}" r="{r}"/>' for r in range(60, 900, 70)]
    return f'<g fill="none" stroke="{colour}" stroke-width="18" opacity=".5">{"".join(rings)}</g>'


def generated_svg(seed: int, letter: str) -> str:
    """A 1200 x 600 picture: a colour and pattern chosen by `seed`, with `letter` in the middle
    (so a square crop of it, as a module's card shows on a phone, still has it)."""
    background, pattern_colour = PALETTES[seed % len(PALETTES)]
    kind = PATTERNS[(seed // len(PALETTES)) % len(PATTERNS)]
    letter = letter.replace("&", "&amp;").replace("<", "&lt;")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 600" width="1200" '
        f'height="600"><rect width="1200" height="600" fill="{background}"/>'
        f"{_pattern(kind, pattern_colour, seed)}"
        '<circle cx="600" cy="300" r="170" fill="#ffffff" opacity=".18"/>'
        '<text x="600" y="370" text-anchor="middle" font-size="200" font-weight="700" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, Hiragino Sans, Noto Sans JP, '
        f'sans-serif" fill="#ffffff">{letter}</text></svg>'
    )
