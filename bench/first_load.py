"""What a phone downloads on its first visit: bytes on the wire, files, requests, from chromium.

.venv/bin/python -m bench.first_load

Starts `dialoog serve`, opens the session page in a fresh chromium profile (nothing cached) and
sums what the Resource Timing API says crossed the wire (`transferSize`: compressed body plus
headers) and the files' own sizes (`decodedBodySize`), per request and in all.
"""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from playwright.sync_api import sync_playwright

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, TIMEOUT, Serve

ENTRIES = """() => [
  ...performance.getEntriesByType('navigation'),
  ...performance.getEntriesByType('resource'),
].map(e => ({name: e.name, wire: e.transferSize, file: e.decodedBodySize}))"""


def main() -> None:
    """Print each request of the first load and the totals."""
    with TemporaryDirectory() as tmp, sync_playwright() as p:
        serve = Serve(Path(tmp) / "data").start()
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context().new_page()
            page.goto(f"{serve.base}/s/{serve.code}", wait_until="networkidle")
            page.wait_for_selector("#status", timeout=TIMEOUT * 1000)
            entries = [e for e in page.evaluate(ENTRIES) if not e["name"].startswith("ws")]
            for e in entries:
                name = e["name"].removeprefix(serve.base)
                print(f"{name:32} {e['wire']:7,} B on the wire  {e['file']:7,} B file")
            wire = sum(e["wire"] for e in entries)
            file = sum(e["file"] for e in entries)
            print(
                f"first load: {len(entries)} requests, {wire / 1000:.1f} KB on the wire, "
                f"{file / 1000:.1f} KB of files"
            )
        finally:
            browser.close()
            serve.stop()


if __name__ == "__main__":
    main()
