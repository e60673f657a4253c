"""Markdown to safe HTML: the one place where author text becomes markup.

Models call `render_markdown` when content is saved and store the result, so pages never parse
Markdown and templates only ever mark this function's output safe. Authors may write raw HTML
(`<ruby>名刺<rt>めいし</rt></ruby>` for a reading); nh3 keeps only the allowlist below, so
scripts, event handlers, inline styles and `javascript:`/`data:` URLs come out inert.

Callouts are Markdown admonitions (`!!! tip "Reply within a day"` then an indented body):
tips, warnings and key terms, each with a title. They become `<div class="callout
callout--tip" role="note">`; the sanitizer keeps only those classes and that role.
"""

from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    # Body headings start at h2: the page's own title is its only h1.
    *("h2", "h3", "h4", "h5", "h6"),
    *("p", "br", "hr", "blockquote", "ul", "ol", "li", "dl", "dt", "dd"),
    *("strong", "em", "b", "i", "s", "del", "ins", "mark", "small", "sub", "sup", "kbd"),
    *("a", "img", "code", "pre", "abbr", "span"),
    *("table", "thead", "tbody", "tr", "th", "td", "caption"),
    *("ruby", "rt", "rp"),
    "div",  # callouts only: the classes below, role="note"
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"scope"},
    "*": {"lang"},  # so a Japanese phrase can be marked up as such for screen readers
}
URL_SCHEMES = {"https", "http", "mailto"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

# A callout's kind, by what an author may write after `!!!`, and the title it gets by default.
CALLOUT_KINDS = {
    "tip": "tip",
    "hint": "tip",
    "note": "tip",
    "warning": "warning",
    "caution": "warning",
    "important": "warning",
    "term": "term",
    "key-term": "term",
    "keyterm": "term",
    "definition": "term",
    "danger": "warning",
}
CALLOUT_TITLES = {"tip": "Tip", "warning": "Warning", "term": "Key term"}
ALLOWED_CLASSES = {
    "div": {"callout", *(f"callout--{kind}" for kind in CALLOUT_TITLES)},
    "p": {"callout__title"},
}
TAG_ATTRIBUTE_VALUES = {"div": {"role": {"note"}}}


class DemoteHeadings(Treeprocessor):
    """Headings in order under the page's h1: the author's top heading level (`#` or `##`,
    both are common) becomes h2, the others keep their depth below it, and none comes more
    than one level below the heading before it, so the outline screen readers list has no gap
    (h1 then h3) whichever way the author wrote it."""

    def run(self, root):
        headings = [element for element in root.iter() if element.tag in HEADINGS]
        if not headings:
            return
        top = min(int(element.tag[1]) for element in headings)
        previous = 1  # the page's own title
        for element in headings:
            level = min(int(element.tag[1]) - top + 2, previous + 1, 6)
            element.tag = f"h{level}"
            previous = level


class DemoteHeadingsExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(DemoteHeadings(md), "demote_headings", 5)


class Callouts(Treeprocessor):
    """The admonition extension's `<div class="admonition tip">` becomes one of our three
    callouts (an unknown kind is a tip), its title a `callout__title`, default titles in words."""

    def run(self, root):
        for element in root.iter("div"):
            classes = element.get("class", "").split()
            if "admonition" not in classes:
                continue
            written = next((c for c in classes if c != "admonition"), "tip").lower()
            kind = CALLOUT_KINDS.get(written, "tip")
            element.set("class", f"callout callout--{kind}")
            element.set("role", "note")
            title = next(iter(element), None)
            if title is not None and "admonition-title" in title.get("class", ""):
                title.set("class", "callout__title")
                if (title.text or "") == written.capitalize():  # the extension's default
                    title.text = CALLOUT_TITLES[kind]  # `!!! term` alone: "Key term"


class CalloutsExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(Callouts(md), "callouts", 4)


def _keep_safe_image_sources(tag: str, attribute: str, value: str) -> str | None:
    """Images only from https or from our own site (relative URLs): never http or data."""
    if tag == "img" and attribute == "src":
        scheme = urlsplit(value).scheme.lower()
        return value if scheme in {"", "https"} else None
    return value


def render_markdown(text: str) -> str:
    """Author Markdown (with a little raw HTML) to sanitized HTML, ready to store."""
    html = markdown.markdown(
        text,
        extensions=[
            "tables",
            "fenced_code",
            "sane_lists",
            "admonition",
            DemoteHeadingsExtension(),
            CalloutsExtension(),
        ],
        output_format="html",
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_keep_safe_image_sources,
        allowed_classes=ALLOWED_CLASSES,
        tag_attribute_values=TAG_ATTRIBUTE_VALUES,
        link_rel="noopener noreferrer",
    )
