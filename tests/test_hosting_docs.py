"""docs/hosting.md kept honest: it shows deploy/ as it is, and Caddy accepts both Caddyfiles."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "hosting.md"
DEPLOY = ("Dockerfile", "compose.yaml", "Caddyfile")
FENCE = re.compile(r"^( *)```(\w*)\n(.*?)^\1```", re.MULTILINE | re.DOTALL)


def blocks(kind: str) -> list[str]:
    """The doc's code blocks of one kind, unindented."""
    found = []
    for indent, lang, body in FENCE.findall(DOC.read_text(encoding="utf-8")):
        if lang == kind:
            found.append("".join(line.removeprefix(indent) for line in body.splitlines(True)))
    return found


@pytest.mark.parametrize("name", DEPLOY)
def test_the_doc_shows_each_deploy_file_as_it_is(name: str) -> None:
    """Every file in deploy/ appears whole, as a code block, in docs/hosting.md."""
    text = (ROOT / "deploy" / name).read_text(encoding="utf-8")
    assert text in blocks(
        {"Dockerfile": "dockerfile", "compose.yaml": "yaml"}.get(name, "caddyfile")
    )


def test_the_image_copies_every_package_the_wheel_holds() -> None:
    """The Dockerfile COPYs each top-level package pyproject.toml names, and .dockerignore lets
    every copied path into the build context."""
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    # dialoogtafel/ and the folder each of its parts links to (dialoogtafel.server -> server/)
    tops = {p.split(".")[min(1, p.count("."))] for p in packages["packages"]}
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    copied = set(re.findall(r"^COPY (\w+) ", dockerfile, re.M))
    assert tops <= copied, tops - copied
    sources = {s for line in re.findall(r"^COPY (.+) \S+$", dockerfile, re.M) for s in line.split()}
    allowed = set(re.findall(r"^!(\S+)$", (ROOT / ".dockerignore").read_text(), re.M))
    assert sources <= allowed, sources - allowed


def adapt(config: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`caddy adapt` (parses and checks a Caddyfile; starts nothing, reaches nothing)."""
    caddy = shutil.which("caddy")
    if caddy is None:
        pytest.fail("caddy is missing: `sh .ci/system-packages` installs it")
    path = tmp_path / "Caddyfile"
    path.write_text(config, encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "DIALOOG_HOST": "example.org"}
    return subprocess.run(
        [caddy, "adapt", "--config", str(path), "--adapter", "caddyfile"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("which", ["deploy", "local"])
def test_caddy_accepts_the_caddyfiles(which: str, tmp_path: Path) -> None:
    """deploy/Caddyfile and the doc's one-machine Caddyfile both adapt without an error."""
    if which == "deploy":
        config = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    else:
        config = next(b for b in blocks("caddyfile") if "tls internal" in b)
    done = adapt(config, tmp_path)
    assert done.returncode == 0, done.stderr
    assert '"reverse_proxy"' in done.stdout and "127.0.0.1:8080" in done.stdout
