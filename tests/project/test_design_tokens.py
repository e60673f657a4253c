"""The design system's colour roles meet WCAG contrast in both themes, and progress is not red.

Reads the custom properties from static/css/site.css (the light theme's :root and the dark
theme's override) and checks each pair the pages use with WCAG 2.1's contrast formula.
"""

import colorsys
import re

import pytest

from tests.project.helpers import CSS, blocks, colour, contrast, properties, themes

# (foreground, background, minimum): text at 4.5:1, the focus ring and controls at 3:1.
TEXT_PAIRS = [
    ("ink", "bg"),
    ("ink", "surface"),
    ("ink-soft", "bg"),
    ("ink-soft", "surface"),
    ("ink-soft", "surface-2"),
    ("accent", "bg"),
    ("accent", "surface"),
    ("accent-strong", "accent-tint"),
    ("on-accent", "accent"),
    ("on-accent", "accent-strong"),
    ("progress", "surface"),
    ("success", "surface"),
    ("success", "success-tint"),
    ("on-success", "success"),
    ("danger-strong", "danger-tint"),
    ("danger", "surface"),
    ("on-danger", "danger-strong"),
    ("warn-ink", "warn-tint"),
    ("ink", "neutral-tint"),
    ("ink", "accent-tint"),
    ("ink", "progress-tint"),
    ("ink", "warn-tint"),
    ("callout-tip", "surface"),
    ("callout-warning", "surface"),
    ("callout-term", "surface"),
]
NON_TEXT_PAIRS = [
    ("focus", "bg"),
    ("focus", "surface"),
    ("focus", "surface-2"),
    ("control-line", "bg"),
    ("control-line", "surface"),
    ("progress", "track"),
    ("success", "track"),
]


def test_the_contrast_formula_matches_wcag_reference_values():
    assert contrast((0, 0, 0), (1, 1, 1)) == pytest.approx(21)
    assert contrast((1, 1, 1), (1, 1, 1)) == pytest.approx(1)
    # #767676 on white is the classic 4.54:1
    grey = tuple(0x76 / 255 for _ in range(3))
    assert contrast(grey, (1, 1, 1)) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize(("foreground", "background"), TEXT_PAIRS)
def test_text_colours_reach_aa(theme, foreground, background):
    tokens = themes()[theme]
    ratio = contrast(colour(tokens, foreground), colour(tokens, background))
    assert ratio >= 4.5, f"{theme}: --{foreground} on --{background} is {ratio:.2f}:1"


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize(("foreground", "background"), NON_TEXT_PAIRS)
def test_focus_ring_controls_and_bars_reach_three_to_one(theme, foreground, background):
    tokens = themes()[theme]
    ratio = contrast(colour(tokens, foreground), colour(tokens, background))
    assert ratio >= 3, f"{theme}: --{foreground} against --{background} is {ratio:.2f}:1"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_progress_is_not_red_nor_the_danger_or_accent_colour(theme):
    tokens = themes()[theme]
    hue = colorsys.rgb_to_hls(*colour(tokens, "progress"))[0] * 360
    assert 40 < hue < 330, f"{theme}: progress hue {hue:.0f} reads as red"
    assert tokens["progress"] != tokens["danger"]
    assert tokens["progress"] != tokens["accent"]
    danger_hue = colorsys.rgb_to_hls(*colour(tokens, "danger"))[0] * 360
    accent_hue = colorsys.rgb_to_hls(*colour(tokens, "accent"))[0] * 360
    assert abs(accent_hue - danger_hue) > 60, f"{theme}: actions look like errors"


def test_the_dark_theme_overrides_every_colour_role():
    light_block, dark_block = blocks()
    light_colours = {k for k, v in properties(light_block).items() if v.strip().startswith("#")}
    missing = light_colours - set(properties(dark_block))
    assert not missing, f"the dark theme keeps the light value of: {sorted(missing)}"


def test_the_stylesheet_uses_only_defined_properties():
    css = CSS.read_text()
    defined = set(re.findall(r"--([a-z0-9-]+):", css))
    used = set(re.findall(r"var\(--([a-z0-9-]+)\)", css))
    assert used <= defined, f"undefined: {sorted(used - defined)}"
