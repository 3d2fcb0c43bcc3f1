"""The YAML files beside the readouts (sidecars, corrections): safe loading with limits, problems located.

Before anything is built from a file, its size is capped (`MAX_BYTES`), its
text checked for control and direction characters, and its event stream
walked once: nesting deeper than `MAX_DEPTH` and anchors or aliases (`&a`,
`*a`, which let a few hundred bytes expand to gigabytes) are refused there,
so the composer never recurses deeply nor expands anything.  The document is
then composed once; duplicate keys are an error naming the line of the
second one, and the nodes give the line of every key and list item, so
error messages can point into the file.  Messages quote at most a few dozen
characters of the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import yaml

from etl.errors import InputError, quote
from etl.source.files import read_input
from etl.source.hygiene import check_text


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's when PyYAML has it: ten times faster
    """The safe loader, but dates stay text: the models read them, so a bad one is reported at its key."""

    yaml_implicit_resolvers: ClassVar[dict] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


LOADER = _Loader
MAX_BYTES = 1 << 20  # 1 MiB: a sidecar is a few lines, a corrections file a few hundred corrections
MAX_DEPTH = 8  # a corrections file is a list of mappings: depth 2
_PROBLEM_CHARS = 80


@dataclass(frozen=True)
class YamlDocument:
    data: object
    node: yaml.Node | None

    def line_of_key(self, key: object) -> int | None:
        """1-based line of a key of the top-level mapping."""
        return line_of_key(self.node, key)

    def item_lines(self) -> list[int]:
        """1-based line of each item of the top-level list."""
        if not isinstance(self.node, yaml.SequenceNode):
            return []
        return [item.start_mark.line + 1 for item in self.node.value]

    def items(self) -> list[yaml.Node]:
        return list(self.node.value) if isinstance(self.node, yaml.SequenceNode) else []


def line_of_key(node: yaml.Node | None, key: object) -> int | None:
    """1-based line of a key of a mapping node."""
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if k.value == str(key):
                return k.start_mark.line + 1
    return None


def _error(path: Path, message: str, mark: yaml.Mark | None) -> InputError:
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return InputError(str(path), message, line, column)


def _problem(exc: yaml.MarkedYAMLError) -> str:
    text = str(exc.problem or exc.context or "unreadable")
    return text if len(text) <= _PROBLEM_CHARS else text[: _PROBLEM_CHARS - 1] + "…"


def _walk_events(path: Path, text: str) -> None:
    """Refuse deep nesting, anchors and aliases from the event stream, before any node is built."""
    loader = LOADER(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None and not isinstance(event, yaml.StreamEndEvent):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _error(path, "anchors and aliases (&name, *name) are not allowed", event.start_mark)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _error(path, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _no_duplicate_keys(path: Path, root: yaml.Node | None) -> None:
    todo = [root] if root is not None else []
    while todo:
        node = todo.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[tuple[str, str], yaml.Node] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    first = seen.setdefault((key.tag, key.value), key)
                    if first is not key:
                        raise _error(
                            path,
                            f"duplicate key {quote(key.value)} (first at line {first.start_mark.line + 1})",
                            key.start_mark,
                        )
                todo += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value


def _text(path: Path, raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise InputError(str(path), f"too large for a YAML file here ({len(raw):,} bytes > {MAX_BYTES:,})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(str(path), "not UTF-8 (from here on)", line, column, hint="save the file as UTF-8") from exc
    text = text.removeprefix("\ufeff")
    check_text(text, str(path))
    return text


def load_yaml(path: Path, raw: bytes) -> YamlDocument:
    """Parse raw as YAML within the limits, or raise InputError naming the file, line and column."""
    text = _text(path, raw)
    try:
        _walk_events(path, text)
        loader = LOADER(text)
        try:
            node = loader.get_single_node()
            _no_duplicate_keys(path, node)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise _error(path, f"not valid YAML: {_problem(exc)}", exc.problem_mark) from exc
    except yaml.YAMLError as exc:
        raise InputError(str(path), "not valid YAML", hint=quote(str(exc), _PROBLEM_CHARS)) from exc
    except (ValueError, OverflowError) as exc:  # say, an integer of more digits than Python converts
        raise InputError(str(path), f"a value cannot be read: {quote(str(exc), _PROBLEM_CHARS)}") from exc
    return YamlDocument(data, node)


def read_yaml(path: Path, root: Path | None) -> YamlDocument:
    """Read (a regular file, links kept inside root, at most MAX_BYTES) and load a YAML file."""
    return load_yaml(path, read_input(path, root, MAX_BYTES))
