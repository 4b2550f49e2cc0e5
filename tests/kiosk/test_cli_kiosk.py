"""`dialoog kiosk`: the token, the URL and what the QR code says, before anything is drawn."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from dialoogtafel.cli import kiosk as cli_kiosk
from dialoogtafel.cli.common import CliError
from dialoogtafel.cli.kiosk import NO_NETWORK, join_for, read_token


def args(**kw: object) -> argparse.Namespace:
    """Parsed arguments with defaults."""
    return argparse.Namespace(**{"token": None, "token_file": None, **kw})


def test_the_token_comes_from_the_flag_the_file_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--token first, then --token-file, then DIALOOG_TOKEN; none is an error."""
    monkeypatch.delenv("DIALOOG_TOKEN", raising=False)
    secret = tmp_path / "token"
    secret.write_text("from-file\n")
    assert read_token(args(token="flag", token_file=secret)) == "flag"
    assert read_token(args(token_file=secret)) == "from-file"
    monkeypatch.setenv("DIALOOG_TOKEN", "from-env")
    assert read_token(args()) == "from-env"
    monkeypatch.delenv("DIALOOG_TOKEN")
    with pytest.raises(CliError, match="no token"):
        read_token(args())


def test_the_qr_code_points_where_phones_can_go(monkeypatch: pytest.MonkeyPatch) -> None:
    """A LAN server as given; a loopback one via the LAN address; --public-url wins."""
    monkeypatch.setattr(cli_kiosk, "lan_address", lambda: "192.168.1.23")
    assert join_for("http://10.0.0.5:8080/s/ABCD", "ABCD", None) == (
        "http://10.0.0.5:8080/s/ABCD",
        None,
    )
    assert join_for("http://127.0.0.1:8080/s/ABCD", "ABCD", None) == (
        "http://192.168.1.23:8080/s/ABCD",
        None,
    )
    assert join_for("http://127.0.0.1:8080/s/ABCD", "ABCD", "https://dt.example.org") == (
        "https://dt.example.org/s/ABCD",
        None,
    )
    monkeypatch.setattr(cli_kiosk, "lan_address", lambda: None)
    assert join_for("http://localhost:8080/s/ABCD", "ABCD", None) == (
        "http://localhost:8080/s/ABCD",
        NO_NETWORK,
    )


def test_a_bad_url_is_one_line_and_exit_2() -> None:
    """No session code in the URL: a clear error before any screen is drawn."""
    done = subprocess.run(
        [sys.executable, "-m", "dialoogtafel", "kiosk", "--connect", "http://h:1/", "--token", "t"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "no session code" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
