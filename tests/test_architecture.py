"""The layers privcli is built in, checked on every run (CI runs this file first).

commands → logic → io/db → leaf: a module imports only from its own layer or below, no import
cycle exists (counting imports inside functions too: a lazy import is still a dependency), and no
module uses another module's private names. A capability reacts to another through events, so
the engines (imports, export, transfer) never import a feature capability.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "privcli"

# Lower number = lower layer. A module is in the first layer whose rule matches.
LEAF, IO, LOGIC, COMMANDS = 0, 1, 2, 3
LAYER_NAMES = {LEAF: "leaf", IO: "io/db", LOGIC: "logic", COMMANDS: "commands"}
LEAF_MODULES = {
    "privcli",
    "privcli.base",
    "privcli.base.errors",
    "privcli.base.config",
    "privcli.base.pii",
    "privcli.base.messages",
    "privcli.base.money",
}
ENGINES = ("imports", "export", "transfer")
FEATURES = ("coupons", "tasks", "boards", "wecom", "segments", "demo")


def layer(module: str) -> int:
    parts = module.split(".")
    if module in LEAF_MODULES:
        return LEAF
    if module in (
        "privcli.cli",
        "privcli.__main__",
        "privcli.capabilities",
        "privcli.base.options",
    ):
        return COMMANDS
    if parts[1] in ("base", "io"):
        return IO
    if len(parts) == 2 or parts[-1] == "commands" or parts[-1].endswith("_commands"):
        # a capability's declaration (its __init__) registers its commands; a capability whose
        # group is assembled from parts has one <part>_commands module per part (tasks)
        return COMMANDS
    return LOGIC


def modules() -> dict[str, Path]:
    out = {}
    for p in ROOT.rglob("*.py"):
        if "sql" in p.parts or "samples" in p.parts:
            continue
        rel = p.relative_to(ROOT.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = p
    return out


MODULES = modules()


def _resolve(name: str) -> str | None:
    """The privcli module an import names (the longest known prefix)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def imports_of(module: str, typing_too: bool = False) -> list[tuple[str, int, list[str]]]:
    """(imported module, line, names imported from it) for every privcli import in the module,
    at any depth (function bodies included); those under `if TYPE_CHECKING:` only with
    `typing_too` (a type named in a signature is no runtime dependency, but it is a cycle)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if (
            not typing_too
            and isinstance(node, ast.If)
            and "TYPE_CHECKING" in ast.unparse(node.test)
        ):
            skip.update(id(n) for b in node.body for n in ast.walk(b))
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("privcli") and (target := _resolve(a.name)):
                    out.append((target, node.lineno, []))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("privcli"):
            for a in node.names:
                sub = _resolve(f"{node.module}.{a.name}")
                if sub == f"{node.module}.{a.name}":  # `from pkg import module`
                    out.append((sub, node.lineno, []))
                elif target := _resolve(node.module):
                    out.append((target, node.lineno, [a.name]))
    return out


def test_layers_point_down():
    bad = []
    for module in MODULES:
        for target, line, _ in imports_of(module):
            if target == module or target.startswith(module + "."):
                continue  # a package's own submodules
            if layer(target) > layer(module):
                bad.append(
                    f"{module}:{line} ({LAYER_NAMES[layer(module)]}) imports {target} "
                    f"({LAYER_NAMES[layer(target)]})"
                )
    assert not bad, "imports that point up a layer:\n" + "\n".join(bad)


def test_no_import_cycles():
    graph: dict[str, set[str]] = defaultdict(set)
    for module in MODULES:
        for target, _, _ in imports_of(module, typing_too=True):
            if target != module:
                graph[module].add(target)
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                cycles.append(" → ".join(stack[stack.index(t) :] + [t]))
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(MODULES):
        if m not in state:
            visit(m)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_no_private_names_across_modules():
    bad = []
    for module, path in MODULES.items():
        for target, line, names in imports_of(module):
            for n in names:
                if n.startswith("_") and not n.startswith("__") and target != module:
                    bad.append(f"{module}:{line} imports {target}.{n}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("privcli")
            ):
                for a in node.names:
                    full = f"{node.module}.{a.name}"
                    if full in MODULES:
                        aliases[a.asname or a.name] = full
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name in MODULES and a.asname:
                        aliases[a.asname] = a.name
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                bad.append(f"{module}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
    assert not bad, "private names used across modules:\n" + "\n".join(bad)


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_do_not_know_the_features(engine):
    """The import, export and transfer engines react to nothing by name: features subscribe."""
    bad = []
    for module in MODULES:
        if module.split(".")[1:2] != [engine]:
            continue
        for target, line, _ in imports_of(module):
            if target.split(".")[1] in FEATURES:
                bad.append(f"{module}:{line} imports {target}")
    assert not bad, "\n".join(bad)


def test_one_letter_module_aliases_are_gone():
    bad = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                bad += [f"{module}:{node.lineno} as {a.asname}" for a in node.names
                        if a.asname and len(a.asname) == 1]  # fmt: skip
    assert not bad, "\n".join(bad)
