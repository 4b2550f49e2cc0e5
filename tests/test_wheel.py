"""The built wheel, installed in a clean virtual environment, ships what `dialoog sets` needs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.question_sets.shipped import SEVEN

REPO = Path(__file__).resolve().parents[1]
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis",
    "tests", "bench", "bench_out",
)  # fmt: skip


def run(*args: str | Path, cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run a command outside this checkout's environment; fail with its output if it fails."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"{args[:3]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def test_the_installed_wheel_lists_the_seven_sets(tmp_path: Path) -> None:
    """Build the wheel, install it with its dependencies in a fresh venv, run `dialoog sets`."""
    source = tmp_path / "source"  # a copy, so the build leaves nothing behind in the checkout
    shutil.copytree(REPO, source, ignore=NOT_SOURCE)
    dist = tmp_path / "dist"
    run(
        sys.executable,
        "-m",
        "build",
        "--wheel",
        "--outdir",
        dist,
        source,
        cwd=tmp_path,
        timeout=600,
    )
    (wheel,) = dist.glob("dialoogtafel-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    top = {name.split("/")[0] for name in shipped if not name.split("/")[0].endswith(".dist-info")}
    assert top == {"dialoogtafel"}, f"the wheel installs other top-level names: {sorted(top)}"
    assert {f"dialoogtafel/question_sets/{set_id}.toml" for set_id in SEVEN} <= shipped
    static = REPO / "server" / "static"
    page = {f"dialoogtafel/server/static/{p.name}" for p in static.iterdir()}
    assert {"dialoogtafel/server/static/app.js"} < page <= shipped  # every module of the page

    # A clean venv (no system site-packages); without pip of its own, which takes ~10 s to
    # bootstrap: this environment's pip installs into it, dependencies from the package index.
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path, timeout=300)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    pip = (sys.executable, "-m", "pip", "--python", python, "--disable-pip-version-check")
    run(*pip, "install", "--quiet", "--no-input", wheel, cwd=tmp_path, timeout=900)

    where = run(python, "-c", "import dialoogtafel.question_sets as q; print(q.__file__)",
                cwd=tmp_path, timeout=60)  # fmt: skip
    assert Path(where.stdout.strip()).is_relative_to(venv)  # the wheel's copy, not the checkout
    listed = run(bin_dir / "dialoog", "sets", cwd=tmp_path, timeout=60)
    assert {line.split()[0] for line in listed.stdout.splitlines()[1:8]} == set(SEVEN)
    shown = run(bin_dir / "dialoog", "sets", "show", "rvs-themas", cwd=tmp_path, timeout=60)
    assert "Theme andere-houding: Andere houding van betrokkenen" in shown.stdout
    as_module = run(python, "-m", "dialoogtafel", "sets", cwd=tmp_path, timeout=60)
    assert as_module.stdout == listed.stdout  # `python -m dialoogtafel` is the same command

    # The exports' data and libraries: the chart font is package data, python-docx and Pillow
    # are dependencies (installed with the wheel), so a chart and a .docx come out of the box.
    assert {
        "dialoogtafel/exports/fonts/DejaVuSans.ttf",
        "dialoogtafel/exports/fonts/LICENSE.txt",
    } <= shipped
    made = run(
        python,
        "-c",
        "from dialoogtafel.exports.charts import draw_chart; "
        "from dialoogtafel.exports.docx import render_docx; "
        "from dialoogtafel.exports.document import Document; "
        "print(len(draw_chart('Vraag', ['ja', 'nee'], [2, 1])), "
        "len(render_docx(Document('T', 'nl', 0.0), {})))",
        cwd=tmp_path,
        timeout=120,
    )
    png, docx = (int(n) for n in made.stdout.split())
    assert png > 1000 and docx > 1000
