"""The YAML files beside the readouts (sidecars, corrections): safe loading only, problems located.

The document is composed once; its nodes give the line of every key and
list item, so error messages can point into the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from etl.errors import InputError

# libyaml's safe loader when PyYAML was built with it: the same rules, ten times faster
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlDocument:
    data: object
    node: yaml.Node | None

    def line_of_key(self, key: object) -> int | None:
        """1-based line of a key of the top-level mapping."""
        if isinstance(self.node, yaml.MappingNode):
            for k, _ in self.node.value:
                if k.value == str(key):
                    return k.start_mark.line + 1
        return None

    def item_lines(self) -> list[int]:
        """1-based line of each item of the top-level list."""
        if not isinstance(self.node, yaml.SequenceNode):
            return []
        return [item.start_mark.line + 1 for item in self.node.value]


def load_yaml(path: Path, raw: bytes) -> YamlDocument:
    """Parse raw as YAML, or raise InputError naming the file, line and column of the problem."""
    try:
        loader = LOADER(raw.decode("utf-8"))
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InputError(str(path), f"not valid YAML: {exc.problem}", line, column) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read YAML: {exc}") from exc
    return YamlDocument(data, node)
