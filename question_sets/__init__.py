"""Question sets: TOML files shipped with the package, and their loader."""

from dialoogtafel.question_sets.errors import QuestionSetError, UnknownSetError
from dialoogtafel.question_sets.loader import (
    DEFAULT_SET,
    load_file,
    load_set,
    load_shipped,
    parse_set,
    shipped_ids,
    shipped_sets,
)

__all__ = [
    "DEFAULT_SET",
    "QuestionSetError",
    "UnknownSetError",
    "load_file",
    "load_set",
    "load_shipped",
    "parse_set",
    "shipped_ids",
    "shipped_sets",
]
