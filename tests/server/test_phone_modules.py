"""The phone page's ES modules hang together: every import names a module that exports it,
index.html starts app.js as a module and preloads every other one, and no module grows past the
split point."""

from __future__ import annotations

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "server" / "static"
IMPORT = re.compile(r"^import \{([^}]*)\} from '\./([\w.-]+)';$", re.M)
EXPORT = re.compile(r"^export (?:function|const|let) ([\w$]+)", re.M)


def modules() -> dict[str, str]:
    """Every .js file of the page, by name."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(STATIC.glob("*.js"))}


def test_every_import_names_an_export_of_an_existing_module() -> None:
    """`import { a, b as c } from './x.js'`: x.js exists and exports a and b."""
    found = modules()
    exports = {name: set(EXPORT.findall(text)) for name, text in found.items()}
    wrong = []
    for name, text in found.items():
        for names, source in IMPORT.findall(text):
            for part in names.split(","):
                wanted = part.split(" as ")[0].strip()
                if wanted not in exports.get(source, set()):
                    wrong.append(f"{name}: {wanted} from {source}")
    assert wrong == []


def test_every_module_is_reached_from_app_js() -> None:
    """No stray file: app.js imports, directly or not, every other module."""
    found = modules()
    seen, todo = set(), ["app.js"]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += [source for _, source in IMPORT.findall(found[name])]
    assert seen == set(found)


def test_no_module_imports_one_that_imports_it_back() -> None:
    """The imports form no cycle (a cycle can run a module before what it imports is ready)."""
    found = modules()
    graph = {name: {source for _, source in IMPORT.findall(text)} for name, text in found.items()}
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " -> ".join((*path, name))
        if name in done:
            return
        for source in graph.get(name, set()):
            visit(source, (*path, name))
        done.add(name)

    for name in graph:
        visit(name, ())


def test_index_starts_app_js_as_a_module_and_preloads_the_others() -> None:
    """One module script (app.js), a modulepreload for every other module, nothing else loaded."""
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b([^>]*)>", page)
    assert scripts == [' type="module" src="/static/app.js"']
    preloads = re.findall(r'<link rel="modulepreload" href="/static/([\w.-]+)">', page)
    assert sorted(preloads) == sorted(set(modules()) - {"app.js"})


def test_modules_stay_small_and_write_text_only() -> None:
    """Split before 400 lines; participant text never goes in as markup."""
    for name, text in modules().items():
        assert len(text.splitlines()) < 400, name
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", text), name
