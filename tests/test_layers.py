"""The one-way imports of DESIGN.md, checked two ways: import-linter and the source itself."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOMAIN_MAY_IMPORT_OF_OURS = ("dialoogtafel.server.domain",)
DOMAIN_FORBIDDEN = {"asyncio", "websockets", "tinydb", "textual", "socket", "os", "pathlib"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_domain_imports_nothing_of_ours_and_does_no_io() -> None:
    """server/domain imports only itself and the standard library, no I/O modules."""
    for path in (ROOT / "server" / "domain").glob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            assert top not in DOMAIN_FORBIDDEN, f"{path.name} imports {name}"
            if top == "dialoogtafel":
                assert name.startswith(DOMAIN_MAY_IMPORT_OF_OURS), f"{path.name} imports {name}"


def test_only_storage_imports_tinydb() -> None:
    """tinydb appears in no import outside server/storage."""
    for folder in ("server", "kiosk", "exports", "question_sets", "cli", "rode_draad"):
        for path in (ROOT / folder).rglob("*.py"):
            if "storage" in path.relative_to(ROOT).parts:
                continue
            assert not any(n.split(".")[0] == "tinydb" for n in _imports(path)), path


def test_import_linter_contracts_hold() -> None:
    """`lint-imports` keeps every contract in pyproject.toml."""
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe is not None, "import-linter is a test dependency: pip install -e '.[test]'"
    run = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_everything_imports_as_dialoogtafel() -> None:
    """No module of ours, test or bench imports a part by its folder name (`import server`)."""
    parts = {"server", "kiosk", "exports", "question_sets", "rode_draad", "cli"}
    folders = (*parts, "tests", "bench")
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for name in _imports(path):
                assert name.split(".")[0] not in parts, f"{path.relative_to(ROOT)} imports {name}"


def test_the_package_links_every_part() -> None:
    """dialoogtafel/ holds a relative link to each top-level part, so tools see one package tree."""
    for part in ("server", "kiosk", "exports", "question_sets", "rode_draad", "cli"):
        link = ROOT / "dialoogtafel" / part
        assert link.is_symlink() and link.readlink() == Path("..") / part, link
