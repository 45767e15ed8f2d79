"""The app graph is one-way (ARCHITECTURE "Layout"; issue 8 item 3): an app imports core and the apps
it builds on, never an app above it or beside it.

Every .py file under zhixing/ is read with `ast` (nothing is imported), and each reference to another
of our apps is checked against BUILDS_ON, declared once here:

- imports, absolute (`import zhixing.courts.x`, `from zhixing.courts import x`) and relative
  (`from ..courts import x`), at any depth in the file (a function-level import counts too);
- module names in strings handed to `import_module`, `import_string` or `__import__`;
- model references by app label in strings: `apps.get_model("courts.Court")` and a relation's target
  (`ForeignKey("courts.Court")`), outside migrations, which record history. A model another app owns
  is named through a setting instead, as Django names the user model (ZHIXING_COURT_MODEL).

The project-level modules (settings, urls, the CLI …) sit on top and may import anything; an app may
not import them. An app that is not declared here fails the test until it is placed in the graph.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "zhixing"

# Each app with the apps it builds on directly; what those build on is allowed too. Apps not built
# yet (funds, inquiry, credit, disposal, measures, relief, portal) are added as they come.
BUILDS_ON: dict[str, set[str]] = {
    "core": set(),
    "courts": {"core"},
    "cases": {"courts"},
    "documents": {"cases"},
    "funds": {"documents"},
    "inquiry": {"funds"},
    "supervision": {"funds"},
    "credit": {"inquiry"},
    "disposal": {"inquiry"},
    "measures": {"credit"},
    "portal": {"credit", "disposal"},
    "relief": {"measures"},
}
# Project-level modules: the top of the graph.
PROJECT = {"__init__", "settings", "urls", "api_urls", "cli", "wsgi", "asgi", "locale", "static", "templates"}

IMPORTERS = {"import_module", "import_string", "__import__"}
RELATIONS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


def allowed(app: str) -> set[str]:
    """`app`, and everything it builds on, directly or not."""
    seen, todo = {app}, list(BUILDS_ON[app])
    while todo:
        dep = todo.pop()
        if dep not in seen:
            seen.add(dep)
            todo.extend(BUILDS_ON[dep])
    return seen


def module_of(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def package_of(path: Path) -> list[str]:
    """The package a relative import in `path` starts from (level 1)."""
    parts = module_of(path)
    return parts if path.name == "__init__.py" else parts[:-1]


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _first_string(call: ast.Call, keyword: str | None = None) -> str | None:
    args = list(call.args[:1]) + [k.value for k in call.keywords if keyword and k.arg == keyword]
    for arg in args:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value
    return None


def references(path: Path) -> list[tuple[int, str, str]]:
    """(line, what, app or project module) for every reference in `path` to zhixing.<something>."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    migration = "migrations" in path.parts
    found: list[tuple[int, str, str]] = []

    def dotted(name: str, line: int, what: str) -> None:
        parts = name.split(".")
        if parts[0] == "zhixing" and len(parts) > 1:
            found.append((line, what, parts[1]))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                dotted(alias.name, node.lineno, f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_of(path)
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = [*base, *(node.module.split(".") if node.module else [])]
            else:
                target = (node.module or "").split(".")
            text = f"from {'.' * node.level}{node.module or ''} import …"
            if target == ["zhixing"]:  # from zhixing import courts
                for alias in node.names:
                    found.append((node.lineno, text, alias.name))
            else:
                dotted(".".join(target), node.lineno, text)
        elif isinstance(node, ast.Call):
            name = _name(node.func)
            if name in IMPORTERS:
                text = _first_string(node)
                if text:
                    dotted(text, node.lineno, f'{name}("{text}")')
            elif not migration and name in RELATIONS | {"get_model"}:
                text = _first_string(node, "to")
                if text and "." in text and text.split(".")[0] in BUILDS_ON:
                    found.append((node.lineno, f'{name}("{text}")', text.split(".")[0]))
    return found


def violations() -> list[str]:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = module_of(path)
        owner = parts[1] if len(parts) > 1 else "__init__"
        if owner in PROJECT:
            continue
        where = path.relative_to(ROOT)
        if owner not in BUILDS_ON:
            problems.append(f"{where}: app {owner!r} is not placed in BUILDS_ON")
            continue
        ok = allowed(owner)
        for line, what, target in references(path):
            if target in ok:
                continue
            if target in PROJECT:
                why = "a project-level module"
            elif target not in BUILDS_ON:
                why = "an app not placed in BUILDS_ON"
            elif owner in allowed(target):
                why = "upward"
            else:
                why = "sideways"
            problems.append(f"{where}:{line}: {owner} → {target} ({why}): {what}")
    return problems


def test_apps_import_only_what_they_build_on():
    assert violations() == []


def test_the_graph_has_no_cycle_and_core_builds_on_nothing():
    assert BUILDS_ON["core"] == set()
    for app in BUILDS_ON:
        assert all(app not in allowed(dep) for dep in BUILDS_ON[app]), app


def test_the_reader_sees_upward_sideways_relative_and_string_references(tmp_path, monkeypatch):
    """The test would catch what issue 8 found: core importing courts, an app reading one above it."""
    pkg = tmp_path / "zhixing"
    for app in ("core", "documents", "courts"):
        (pkg / app).mkdir(parents=True)
        (pkg / app / "__init__.py").write_text("")
    (pkg / "core" / "actions.py").write_text(
        "from zhixing.courts.queries import has_role\n"
        "def f():\n"
        "    from ..courts import rules\n"
        "    import_module('zhixing.cases.rules')\n"
    )
    (pkg / "core" / "models.py").write_text(
        "from django.db import models\nx = models.ForeignKey('courts.Court')\n"
    )
    (pkg / "documents" / "pdf.py").write_text("from zhixing.supervision.render import charts\n")
    (pkg / "courts" / "ok.py").write_text("from zhixing.core import audit\nfrom . import rules\n")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    monkeypatch.setitem(globals(), "PACKAGE", pkg)
    found = "\n".join(violations())
    assert "core/actions.py:1: core → courts (upward)" in found
    assert "core/actions.py:3: core → courts (upward): from ..courts import …" in found
    assert 'core → cases (upward): import_module("zhixing.cases.rules")' in found
    assert 'core/models.py:2: core → courts (upward): ForeignKey("courts.Court")' in found
    assert "documents/pdf.py:1: documents → supervision (upward)" in found
    assert "courts/ok.py" not in found
