"""YAML in and out for bundles.

`dump` writes the small subset bundles need (mappings, lists, text, numbers, booleans, null)
the same way every time, in the style a person would write by hand: plain text where YAML
reads it back unchanged, a literal block (`|`) for text with line breaks, double quotes with
escapes for anything else. Every scalar is checked by reading it back, and so is the whole
document, so what `dump` writes always loads as exactly what it was given.

`load` is `yaml.safe_load` plus what PyYAML lets pass silently: a key written twice, aliases
(`*name`), which would let a tiny file stand for a huge course, and needless deep nesting. It also
says on which line each field starts, so problems can point at it.
"""

import re

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

INDENT = 2

# What PyYAML accepts in a document; anything else must be escaped inside double quotes.
_PRINTABLE = re.compile("[\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")
# YAML 1.1 line breaks besides "\n", and the byte order mark: never written raw.
_SPECIAL = {"\r", "\x85", "\u2028", "\u2029", "\ufeff"}
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\t\n]*")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}


class DumpError(Exception):
    """The writer produced YAML that does not read back as its input (a bug, never data)."""


def dump(data: dict) -> str:
    """`data` (a mapping, keys in the order to write them) as a YAML document."""
    lines: list[str] = []
    _mapping(data, 0, lines, first_prefix="")
    text = "\n".join(lines) + "\n"
    if yaml.safe_load(text) != data:
        raise DumpError("The YAML written does not read back as the data.")
    return text


def scalar(value, indent: int = 0) -> list[str]:
    """`value` as YAML: the text after `key: `, then any further lines (a literal block's),
    indented for a key at `indent`."""
    if value is None:
        return ["null"]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, int):
        return [str(value)]
    if isinstance(value, str):
        return _text(value, indent)
    raise TypeError(f"cannot write {type(value).__name__} in a bundle")


def _mapping(mapping: dict, indent: int, lines: list[str], *, first_prefix: str) -> None:
    """Keys at `indent`; the first line starts with `first_prefix` instead (a list's "- ")."""
    for number, (key, value) in enumerate(mapping.items()):
        lead = first_prefix if number == 0 and first_prefix else " " * indent
        _entry(f"{lead}{key}:", value, indent, lines)


def _entry(head: str, value, indent: int, lines: list[str]) -> None:
    if isinstance(value, dict):
        lines.append(head)
        _mapping(value, indent + INDENT, lines, first_prefix="")
    elif isinstance(value, list):
        if not value:
            lines.append(f"{head} []")
            return
        lines.append(head)
        _sequence(value, indent + INDENT, lines)
    else:
        first, *rest = scalar(value, indent)
        lines.append(f"{head} {first}")
        lines.extend(rest)


def _sequence(items: list, indent: int, lines: list[str]) -> None:
    dash = " " * indent + "- "
    for item in items:
        if isinstance(item, dict) and item:
            _mapping(item, indent + INDENT, lines, first_prefix=dash)
        else:
            first, *rest = scalar(item, indent)
            lines.append(f"{dash}{first}")
            lines.extend(rest)


def _text(text: str, indent: int) -> list[str]:
    if _PLAIN.fullmatch(text) and _plain_safe(text) and _reads_back([text], text):
        return [text]
    if "\n" in text:
        block = _literal(text, indent)
        if block and _reads_back(_reindent(block, indent), text):
            return block
    return [_double_quoted(text)]


def _plain_safe(text: str) -> bool:
    return (
        text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not _SPECIAL.intersection(text)
        and bool(_PRINTABLE.fullmatch(text))
    )


def _literal(text: str, indent: int) -> list[str] | None:
    """A literal block (`|`) keeping `text` exactly, or None when one cannot."""
    if _SPECIAL.intersection(text) or not _PRINTABLE.fullmatch(text):
        return None
    if text.endswith("\n\n"):
        chomp, content = "+", text[:-1]
    elif text.endswith("\n"):
        chomp, content = "", text[:-1]
    else:
        chomp, content = "-", text
    rows = content.split("\n")
    first = next((row for row in rows if row), "")
    indicator = str(INDENT) if first[:1] in (" ", "\t") else ""
    pad = " " * (indent + INDENT)
    return [f"|{indicator}{chomp}", *(pad + row if row else "" for row in rows)]


def _reindent(block: list[str], indent: int) -> list[str]:
    """`block`, written for a key at `indent`, as it would be for a key at column 0."""
    return [block[0], *(row[indent:] for row in block[1:])]


def _reads_back(rendered: list[str], text: str) -> bool:
    document = "k: " + "\n".join(rendered) + "\n"
    try:
        return yaml.safe_load(document) == {"k": text}
    except yaml.YAMLError:
        return False


def _double_quoted(text: str) -> str:
    return '"' + "".join(_escape(char) for char in text) + '"'


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if char in _SPECIAL or not _PRINTABLE.fullmatch(char):
        code = ord(char)
        if code <= 0xFF:
            return f"\\x{code:02x}"
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return char


# Reading.


# libyaml's parser and composer are several times faster than PyYAML's own; the objects are
# built by the same SafeConstructor as `yaml.safe_load`'s.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YAMLProblem(Exception):
    """The text is not YAML a bundle can hold; the message says where, in words."""


def load(text: str, *, first_line: int = 1) -> tuple[object, dict[str, int], list[tuple[str, str]]]:
    """The data in `text`, the line on which each field path starts ("questions[2].prompt",
    counting list items from 1), and (field, message) for each key written twice.

    `first_line` is the file's line number of the text's first line (front matter starts on
    line 2). Raises YAMLProblem for text that is not YAML.
    """
    try:
        _check_events(text, first_line)
        loader = _COMPOSER(text)  # one parse for the nodes and, as `yaml.safe_load`, the data
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise YAMLProblem(_describe(error, first_line)) from None
    except yaml.YAMLError as error:
        raise YAMLProblem(f"is not valid YAML: {error}") from None
    except RecursionError:
        raise YAMLProblem("is nested too deeply to read") from None
    lines: dict[str, int] = {}
    twice: list[tuple[str, str]] = []
    if node is not None:
        _walk(node, "", lines, twice, first_line - 1)
    return data, lines, twice


MAX_DEPTH = 20  # a quiz's options sit 5 levels deep


def _check_events(text: str, first_line: int) -> None:
    """Refuse, from the parser's events and before anything is built, what a bundle never needs:
    an alias (`*name`), which repeats what an anchor (`&name`) marked, so that a few bytes can
    stand for thousands of questions or options; and nesting deeper than MAX_DEPTH, which
    PyYAML's recursive loader takes seconds to give up on."""
    depth = 0
    for event in yaml.parse(text, Loader=_COMPOSER):
        line = event.start_mark.line + first_line
        if isinstance(event, yaml.AliasEvent):
            raise YAMLProblem(
                f"repeats a part with the alias *{event.anchor} (line {line}); bundles do not "
                "use & anchors and * aliases: write each part out in full"
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YAMLProblem(
                    f"is nested more than {MAX_DEPTH} levels deep (line {line}); "
                    "a bundle needs 5 at most"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _describe(error: yaml.MarkedYAMLError, first_line: int) -> str:
    what = "; ".join(part for part in (error.context, error.problem) if part)
    mark = error.problem_mark or error.context_mark
    where = f" (line {mark.line + first_line}, column {mark.column + 1})" if mark else ""
    return f"is not valid YAML: {what}{where}"


def _walk(node, path: str, lines: dict, twice: list, offset: int) -> None:
    lines.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, MappingNode):
        keys = set()
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                continue
            child = f"{path}.{key.value}" if path else key.value
            if key.value in keys:
                line = key.start_mark.line + 1 + offset
                twice.append((child, f"is written again on line {line}; keep one"))
            keys.add(key.value)
            _walk(value, child, lines, twice, offset)
    elif isinstance(node, SequenceNode):
        for number, item in enumerate(node.value, start=1):
            _walk(item, f"{path}[{number}]", lines, twice, offset)
