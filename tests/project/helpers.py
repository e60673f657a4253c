"""The site's design tokens as static/css/site.css defines them in each theme, and WCAG 2.1's
contrast formula: for the design tokens' test and the browser's theme tests."""

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"


def blocks() -> tuple[str, str]:
    """The light theme's `:root` block and the dark theme's."""
    css = CSS.read_text()
    light = re.search(r"^:root \{(.*?)^\}", css, re.S | re.M).group(1)
    dark = re.search(
        r"@media \(prefers-color-scheme: dark\) \{\s*:root \{(.*?)\}", css, re.S
    ).group(1)
    return light, dark


def properties(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z0-9-]+):\s*([^;]+);", block))


def themes() -> dict[str, dict[str, str]]:
    """Each theme's custom properties, the dark one over the light one's."""
    light_block, dark_block = blocks()
    light = properties(light_block)
    return {"light": light, "dark": {**light, **properties(dark_block)}}


def colour(tokens: dict[str, str], name: str) -> tuple[float, float, float]:
    """`--name` as (r, g, b) from 0 to 1, following var() to its #rrggbb."""
    value = tokens[name].strip()
    while value.startswith("var("):
        value = tokens[value[6:-1]].strip()
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", value), f"--{name} is {value!r}: give it a #rrggbb"
    return tuple(int(value[i : i + 2], 16) / 255 for i in (1, 3, 5))


def _luminance(rgb):
    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
