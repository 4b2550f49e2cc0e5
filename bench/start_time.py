"""`dialoog start` to a scannable QR code on screen: the time, as a person with a phone sees it.

    .venv/bin/python bench/start_time.py [--runs 5] [--size 160x50]

Each run starts `dialoog start --public-url http://127.0.0.1:PORT --data TMP` in a tmux
session of its own (a private tmux server, -L), then captures the pane again and again
(`tmux capture-pane -p -e`: the characters with their truecolor SGR codes), draws the cells
into an image (each cell 4 x 8 pixels, its top and bottom half in the colours the half-block
glyphs give them) and decodes it with zbar. The clock stops at the first capture that
decodes to the join URL. Target: under 2 s.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import zxingcpp
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.*

from tests.reliability.machine import machine_line
from tests.reliability.serverproc import free_port

REPO = Path(__file__).resolve().parents[1]
CELL_W, HALF_H = 4, 4  # pixels: a cell is 4 wide and 2 x 4 tall, so a module comes out square
DEFAULT_FG, DEFAULT_BG = (229, 229, 229), (0, 0, 0)
BASIC = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
         (0, 205, 205), (229, 229, 229)]  # fmt: skip
SGR = re.compile(r"\x1b\[([0-9;]*)m")
Color = tuple[int, int, int]


def xterm256(n: int) -> Color:
    """The RGB of an xterm 256-colour index."""
    if n < 16:
        return BASIC[n % 8] if n < 8 else tuple(min(255, c + 50) for c in BASIC[n % 8])  # type: ignore[return-value]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return steps[n // 36], steps[n // 6 % 6], steps[n % 6]
    level = 8 + 10 * (n - 232)
    return level, level, level


def apply_sgr(params: list[int], fg: Color, bg: Color, reverse: bool) -> tuple[Color, Color, bool]:
    """The colours after one SGR sequence."""
    i = 0
    while i < len(params):
        p = params[i]
        if p == 0:
            fg, bg, reverse = DEFAULT_FG, DEFAULT_BG, False
        elif p == 7:
            reverse = True
        elif p == 27:
            reverse = False
        elif p in (38, 48) and i + 1 < len(params):
            if params[i + 1] == 2 and i + 4 < len(params):
                rgb = (params[i + 2], params[i + 3], params[i + 4])
                i += 4
            else:
                rgb = xterm256(params[i + 2] if i + 2 < len(params) else 0)
                i += 2
            fg, bg = (rgb, bg) if p == 38 else (fg, rgb)
        elif 30 <= p <= 37 or 90 <= p <= 97:
            fg = xterm256(p - 30 if p < 90 else p - 82)
        elif 40 <= p <= 47 or 100 <= p <= 107:
            bg = xterm256(p - 40 if p < 100 else p - 92)
        elif p == 39:
            fg = DEFAULT_FG
        elif p == 49:
            bg = DEFAULT_BG
        i += 1
    return fg, bg, reverse


def render(capture: str, columns: int) -> Image.Image:
    """The captured pane as pixels: half blocks split a cell into its top and bottom colour."""
    lines = capture.split("\n")
    img = Image.new("RGB", (columns, 2 * len(lines)), DEFAULT_BG)
    px = img.load()
    assert px is not None
    fg, bg, reverse = DEFAULT_FG, DEFAULT_BG, False
    for y, line in enumerate(lines):
        x = pos = 0
        for m in [*SGR.finditer(line), None]:
            text = line[pos : m.start() if m else len(line)]
            for ch in text:
                f, b = (bg, fg) if reverse else (fg, bg)
                top, bottom = {"▀": (f, b), "▄": (b, f), "█": (f, f)}.get(ch, (b, b))
                width = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
                for dx in range(width):
                    if x + dx < columns:
                        px[x + dx, 2 * y] = top
                        px[x + dx, 2 * y + 1] = bottom
                x += width
            if m is None:
                break
            params = [int(p) if p else 0 for p in m.group(1).split(";")]
            fg, bg, reverse = apply_sgr(params, fg, bg, reverse)
            pos = m.end()
    gray = img.convert("L").point(lambda v: 255 if v >= 128 else 0)
    return gray.resize((columns * CELL_W, 2 * len(lines) * HALF_H), Image.Resampling.NEAREST)


def one_run(n: int, columns: int, rows: int, tmp: Path, deadline: float) -> tuple[float, int]:
    """Seconds from launch to a capture that decodes to the join URL, and the captures taken."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    start = [sys.executable, "-m", "dialoogtafel", "start", "--port", str(port)]
    start += ["--public-url", base, "--data", str(tmp / f"data{n}")]
    tmux = ["tmux", "-L", f"dialoog-start-bench-{os.getpid()}-{n}", "-f", "/dev/null"]
    command = f"cd {shlex.quote(str(REPO))} && exec {shlex.join(start)}"
    began = time.perf_counter()
    size = ["-x", str(columns), "-y", str(rows)]
    subprocess.run(
        [*tmux, "new-session", "-d", *size, "-e", "COLORTERM=truecolor", command], check=True
    )
    captures = 0
    try:
        while time.perf_counter() - began < deadline:
            shot = subprocess.run(
                [*tmux, "capture-pane", "-p", "-e"], capture_output=True, text=True, check=True
            ).stdout
            captures += 1
            found = [r.text for r in zxingcpp.read_barcodes(render(shot, columns))]
            if any(url.startswith(f"{base}/s/") for url in found):
                return time.perf_counter() - began, captures
        raise SystemExit(f"run {n}: no QR code decoded within {deadline} s:\n{shot}")
    finally:
        subprocess.run([*tmux, "kill-server"], check=False)


def main() -> None:
    """Time the runs; print each, the median and the machine."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5, help="runs (default: %(default)s)")
    p.add_argument("--size", default="160x50", help="terminal columns x rows (default: 160x50)")
    p.add_argument("--deadline", type=float, default=30.0, help="seconds a run may take")
    args = p.parse_args()
    columns, rows = (int(v) for v in args.size.split("x"))
    print(machine_line())
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.runs):
            took, captures = one_run(n, columns, rows, Path(tmp), args.deadline)
            times.append(took)
            print(f"  run {n + 1}: QR code decoded after {took:.2f} s ({captures} captures)")
    print(
        f"dialoog start -> scannable QR code ({columns}x{rows} terminal): median "
        f"{statistics.median(times):.2f} s, best {min(times):.2f} s, worst {max(times):.2f} s "
        f"over {args.runs} runs; target under 2 s"
    )


if __name__ == "__main__":
    main()
