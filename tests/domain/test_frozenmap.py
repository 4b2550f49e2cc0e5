"""FrozenMap and AnswerMap behave like the dicts they replace."""

from __future__ import annotations

import pickle
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from dialoogtafel.server.domain.frozenmap import AnswerMap, FrozenMap, live_count, put, with_answer
from dialoogtafel.server.domain.model import Answer

KEYS = st.integers(0, 400)  # past CHUNK, with repeats


@given(st.lists(st.tuples(KEYS, st.integers())))
def test_a_frozen_map_is_a_dict_in_order(sets: list[tuple[int, int]]) -> None:
    """After any sets: the same items in the same order, lookups, length and equality."""
    m: FrozenMap[int, int] = FrozenMap()
    d: dict[int, int] = {}
    for k, v in sets:
        before = dict(m.items())
        m = m.set(k, v)
        d[k] = v
        assert dict(FrozenMap(before).items()) == before  # the old map is unchanged
    assert list(m) == list(d) and list(m.values()) == list(d.values())
    assert list(m.items()) == list(d.items()) and len(m) == len(d)
    assert m == d and d == m and FrozenMap(d) == m
    for k in range(-1, 402):
        assert (k in m) == (k in d) and m.get(k) == d.get(k) and m.get(k, "x") == d.get(k, "x")
    assert pickle.loads(pickle.dumps(m)) == d


def test_put_converts_a_plain_dict_once() -> None:
    """put() on a dict gives a FrozenMap and leaves the dict alone."""
    d = {"a": 1}
    m = put(d, "b", 2)
    assert isinstance(m, FrozenMap) and m == {"a": 1, "b": 2} and d == {"a": 1}


def _answer(n: int, author: int, question: int, state: str) -> Answer:
    return Answer(f"a{n}", f"q{question}", 1, "tekst", f"au{author}", 0.0, 0.0, state)  # type: ignore[arg-type]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 30),
            st.integers(0, 3),
            st.integers(0, 2),
            st.sampled_from(["shown", "hidden", "withdrawn"]),
        )
    )
)
def test_answer_map_counts_live_answers_like_a_scan(
    changes: list[tuple[int, int, int, str]],
) -> None:
    """live_count on an AnswerMap equals counting the non-withdrawn answers one by one."""
    answers: AnswerMap | dict[str, Answer] = {}
    plain: dict[str, Answer] = {}
    for n, author, question, state in changes:
        old = plain.get(f"a{n}")
        a = _answer(n, author, question, state) if old is None else replace(old, state=state)  # type: ignore[arg-type]
        answers = with_answer(answers, a)
        plain[a.id] = a
    for author in range(4):
        for question in range(3):
            want = live_count(plain, f"au{author}", f"q{question}")
            assert live_count(answers, f"au{author}", f"q{question}") == want
    assert AnswerMap(plain) == answers


def test_evolve_is_replace_for_the_domains_values() -> None:
    """evolve gives what dataclasses.replace gives, shares the other fields, and refuses a
    field the value does not have."""
    from dataclasses import replace

    import pytest

    from dialoogtafel.server.domain.fastvalues import evolve
    from tests.storage.sample import make_session

    s = make_session()
    for changes in ({"seq": 7}, {"seq": 3, "premoderate": True, "answers": {}}, {}):
        new = evolve(s, **changes)
        assert new == replace(s, **changes) and type(new) is type(s)
        assert new.questions is s.questions
    with pytest.raises(TypeError, match="no field"):
        evolve(s, nosuch=1)


def test_a_big_frozen_map_over_many_pages_is_a_dict_in_order() -> None:
    """Thousands of sets over many chunks and pages, new keys and old ones: the same as a dict,
    and every earlier map unchanged."""
    import random

    rnd = random.Random(19)
    m: FrozenMap[str, int] = FrozenMap()
    d: dict[str, int] = {}
    kept: list[tuple[FrozenMap[str, int], dict[str, int]]] = []
    for n in range(6000):
        k = f"k{rnd.randrange(4000)}"
        m, d[k] = m.set(k, n), n
        if n % 500 == 0:
            kept.append((m, dict(d)))
    assert list(m.items()) == list(d.items()) and len(m) == len(d)
    assert all(m[k] == v and m.get(k) == v and k in m for k, v in d.items())
    assert "k4000" not in m and m.get("k4000") is None
    assert FrozenMap(d) == m and list(FrozenMap(d).items()) == list(d.items())
    for old, then in kept:
        assert list(old.items()) == list(then.items())
