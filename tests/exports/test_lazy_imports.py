"""python-docx (with lxml) and Pillow load only when exporting, never when a server starts.

import-linter (pyproject.toml) holds who may import them: only exports/docx.py imports docx and
lxml, only exports/charts.py imports PIL, only exports/writer.py imports those two modules, and
nothing of the server or the kiosk reaches them even indirectly. What a contract cannot see is
*when* an import runs: the writer imports them inside functions, and the command line imports
the writer inside functions. These tests hold that: the source, and a fresh interpreter.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = {"dialoogtafel.exports.docx", "dialoogtafel.exports.charts", "docx", "lxml", "PIL"}


def _top_level_imports(path: Path) -> set[str]:
    """The modules a file imports at module level (not inside a function)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_writer_and_the_command_line_import_them_only_inside_functions() -> None:
    """No module-level import of the Word or chart modules, or their libraries, outside them."""
    for folder in ("exports", "cli", "server", "kiosk"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name in ("docx.py", "charts.py") and folder == "exports":
                continue
            found = {
                n for n in _top_level_imports(path) if n.split(".")[0] in {"docx", "lxml", "PIL"}
            }
            found |= _top_level_imports(path) & HEAVY
            assert not found, f"{path.relative_to(ROOT)} imports {found} at module level"


def test_a_running_server_has_not_loaded_them_until_the_end(tmp_path: Path) -> None:
    """`dialoog serve`/`start`'s modules, a server started as they start it, a phone's answer:
    no docx, lxml, PIL or matplotlib. At the end the .docx is written: then docx is loaded."""
    run = subprocess.run(
        [sys.executable, "-m", "tests.exports.lazy_probe", str(tmp_path / "data")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    running, ended = (json.loads(line) for line in run.stdout.splitlines())
    assert running == {"running": []}
    assert ended == {"ended": ["docx", "lxml"]}  # no poll, so no chart: Pillow still not loaded
