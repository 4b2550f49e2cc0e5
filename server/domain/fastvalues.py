"""Fast copies and constructors for the domain's frozen values, on the path of every change.

`dataclasses.replace` and a frozen dataclass's own __init__ set each field through
`object.__setattr__` (a frozen class's __setattr__ refuses); an answer's `apply` made two
session copies and several values that way. Here each class gets functions made once from its
own field names: a copy or a construction is one line a field through the slot's descriptor, or
two dict updates for a class with a __dict__.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
_EVOLVERS: dict[type, Callable[[Any, dict[str, Any]], Any]] = {}


def evolve(obj: T, **changes: Any) -> T:
    """`dataclasses.replace` for the domain's frozen values, several times faster:
    a copy with `changes` set and every other field shared (they have no __post_init__ and no
    init=False fields). Used where every change passes: the session's own updates."""
    cls = type(obj)
    make = _EVOLVERS.get(cls)
    if make is None:
        make = _EVOLVERS[cls] = _evolver(cls)
    return make(obj, changes)  # type: ignore[no-any-return]


def _evolver(cls: type) -> Callable[[Any, dict[str, Any]], Any]:
    """A function made for `cls` that copies one value with changes.

    A class whose instances keep a __dict__ (Session: one per change, 22 fields) is copied
    with two dict updates at C speed. A slotted one has each slot set through its own
    descriptor (a frozen class's __setattr__ refuses), one line a field, no loop."""
    names = tuple(cls.__dataclass_fields__)  # type: ignore[attr-defined]
    known = frozenset(names)
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_known": known}
    lines = [
        "def _evolve(obj, changes):",
        "    if not _known.issuperset(changes):",
        "        raise TypeError(f'{_cls.__name__} has no field {sorted(set(changes) - _known)}')",
        "    new = _new(_cls)",
    ]
    if "__slots__" not in cls.__dict__:
        lines += ["    fields = new.__dict__", "    fields.update(obj.__dict__)"]
        lines += ["    fields.update(changes)"]
    else:
        lines.append("    get = changes.get")
        for k, name in enumerate(names):
            scope[f"_set{k}"] = getattr(cls, name).__set__  # the slot's member descriptor
            lines.append(f"    _set{k}(new, get({name!r}, obj.{name}))")
    lines.append("    return new")
    exec("\n".join(lines), scope)  # made from the class's own field names only
    return scope["_evolve"]  # type: ignore[no-any-return]


def quick_init(cls: type[T]) -> type[T]:
    """Give a frozen, slotted dataclass an __init__ that sets each slot through its descriptor:
    the same arguments and defaults as the dataclass's own, two to three times faster. Only for
    classes without default factories, init=False fields, keyword-only fields or __post_init__."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    plain = all(
        f.init and not f.kw_only and f.default_factory is dataclasses.MISSING for f in fields
    )
    if "__slots__" not in cls.__dict__ or not plain or hasattr(cls, "__post_init__"):
        raise TypeError(f"quick_init does not fit {cls.__name__}")
    scope: dict[str, Any] = {}
    params: list[str] = []
    lines: list[str] = []
    for k, f in enumerate(fields):
        scope[f"_set{k}"] = getattr(cls, f.name).__set__  # the slot's member descriptor
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            scope[f"_default{k}"] = f.default
            params.append(f"{f.name}=_default{k}")
        lines.append(f"    _set{k}(self, {f.name})")
    source = "\n".join([f"def __init__(self, {', '.join(params)}):", *lines])
    exec(source, scope)  # made from the class's own field names only
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls
