"""Which library draws the minutes' poll charts: installed size, cold import, time per chart.

    python bench/chart_libraries.py [--runs 7]

Run it with a Python that has every candidate installed (a scratch venv:
`pip install -e . matplotlib pygal cairosvg python-docx`); a candidate that is missing is
reported as such. Each draws the same horizontal bar chart (five options, counts and
percentages at the bars) to PNG bytes, the way the minutes would:

- pillow: `PIL.ImageDraw`, our own chart code (exports/charts.py);
- matplotlib: `matplotlib.figure.Figure` with the Agg canvas, no pyplot;
- pygal: SVG, made PNG by cairosvg (which needs the system's libcairo).

Installed size: the files of the distribution and of everything it requires (its RECORD), and
the part of that which dialoogtafel's other dependencies do not already bring. Cold import: a fresh
interpreter importing what drawing needs, median of `--runs`, less a bare interpreter's start.
python-docx is measured beside them (the .docx export needs it whichever chart library wins).
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.*

from tests.reliability.machine import machine_line

LABELS = ["Helemaal eens", "Eens", "Neutraal", "Oneens", "Helemaal oneens"]
COUNTS = [41, 87, 23, 12, 5]
TITLE = "Top-down sturen versus bottom-up ontwikkelen"


def draw_pillow() -> bytes:
    """Our own code on Pillow's ImageDraw."""
    from dialoogtafel.exports.charts import draw_chart

    return draw_chart(TITLE, LABELS, COUNTS, "choice")


def draw_matplotlib() -> bytes:
    """A Figure with the Agg canvas (no pyplot, no GUI backend)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3.2), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    total = sum(COUNTS)
    bars = ax.barh(LABELS[::-1], COUNTS[::-1], color="#1f5fa8")
    ax.bar_label(bars, [f"{c} ({100 * c / total:.0f}%)" for c in COUNTS[::-1]], padding=4)
    ax.set_title(TITLE, loc="left")
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xticks([])
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def draw_pygal() -> bytes:
    """pygal's HorizontalBar, rendered to PNG by cairosvg."""
    import pygal

    chart = pygal.HorizontalBar(width=800, height=320, show_legend=False, title=TITLE)
    chart.x_labels = LABELS[::-1]
    chart.add("", COUNTS[::-1])
    return chart.render_to_png()


CANDIDATES: dict[str, tuple[str, str, Callable[[], bytes]]] = {
    # name: (distribution, what a fresh interpreter imports to draw, drawer)
    "pillow": ("pillow", "import PIL.Image, PIL.ImageDraw, PIL.ImageFont", draw_pillow),
    "matplotlib": (
        "matplotlib",
        "import matplotlib.figure, matplotlib.backends.backend_agg",
        draw_matplotlib,
    ),
    "pygal": ("pygal", "import pygal, cairosvg", draw_pygal),
}
DOCX = ("python-docx", "import docx")
EXPORT_LIBRARIES = {"pillow", "python-docx", "lxml"}  # what the minutes in Word added


def _name(requirement: str) -> str | None:
    """The distribution a requirement names, or None for one behind an extra or another platform."""
    if ";" in requirement:
        marker = requirement.split(";", 1)[1]
        if "extra" in marker or "platform_system" in marker or "sys_platform" in marker:
            return None
        if "python_version" in marker and "<" in marker:  # backports for older Pythons
            return None
    return re.split(r"[<>=!~\[ (;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def closure(dist: str, extra: tuple[str, ...] = ()) -> set[str]:
    """The distribution and every one it requires, by name, as installed here."""
    found: set[str] = set()
    todo = [dist, *extra]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        found.add(name)
        todo += [n for n in map(_name, requires) if n]
    return found


def installed_bytes(names: set[str]) -> int:
    """The size on disk of these distributions' files."""
    total = 0
    for name in names:
        for f in metadata.distribution(name).files or []:
            path = Path(str(f.locate()))
            if path.is_file():
                total += path.stat().st_size
    return total


def cold_import(statement: str, runs: int) -> float:
    """Median seconds for a fresh interpreter to run `statement`, less a bare start."""

    def once(code: str) -> float:
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        return time.perf_counter() - began

    once(statement)  # the files into the page cache, as on a machine that exported before
    bare = statistics.median(once("pass") for _ in range(runs))
    return statistics.median(once(statement) for _ in range(runs)) - bare


def per_chart(draw: Callable[[], bytes], runs: int) -> tuple[float, int]:
    """Median seconds per chart once imported, and the PNG's size."""
    png = draw()
    took = []
    for _ in range(runs):
        began = time.perf_counter()
        draw()
        took.append(time.perf_counter() - began)
    return statistics.median(took), len(png)


def main() -> None:
    """Measure each installed candidate and python-docx; print one line each."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=7, help="runs per figure (default: %(default)s)")
    args = p.parse_args()
    print(machine_line())
    ours: set[str] = set()  # what the product needs for everything but its exports' libraries
    for requirement in metadata.requires("dialoogtafel") or []:
        name = _name(requirement)
        if name and name not in EXPORT_LIBRARIES:
            ours |= closure(name)
    print(f"dialoogtafel already depends on: {', '.join(sorted(ours)) or '(not installed)'}")
    for name, (dist, statement, draw) in CANDIDATES.items():
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            print(f"{name:<11} not installed")
            continue
        needs = closure(dist, ("cairosvg",) if name == "pygal" else ())
        size, new = installed_bytes(needs), installed_bytes(needs - ours)
        seconds = cold_import(statement, args.runs)
        chart, png = per_chart(draw, args.runs)
        print(
            f"{name:<11} {version:<8} installed {size / 1e6:5.1f} MB "
            f"({new / 1e6:5.1f} MB new to us, {len(needs - ours)} distributions); "
            f"cold import {seconds * 1000:5.0f} ms; a chart {chart * 1000:5.1f} ms, PNG {png:,} B"
        )
        print(f"{'':<11} needs: {', '.join(sorted(needs))}")
    dist, statement = DOCX
    try:
        version = metadata.version(dist)
    except metadata.PackageNotFoundError:
        print("python-docx not installed")
        return
    needs = closure(dist)
    print(
        f"{'docx':<11} {version:<8} installed {installed_bytes(needs) / 1e6:5.1f} MB "
        f"({installed_bytes(needs - ours) / 1e6:5.1f} MB new to us); "
        f"cold import {cold_import(statement, args.runs) * 1000:5.0f} ms; "
        f"needs: {', '.join(sorted(needs))}"
    )


if __name__ == "__main__":
    main()
