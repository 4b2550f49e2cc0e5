"""The rode draad of one question in the minutes: its topics with their counts and an answer or
two, the computer's proposals, and how many answers are in none (exports/topics.py finds them;
exports/minutes.py calls `rode_draad_blocks` from `_Minutes.question`, and `how` for the purpose).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from dialoogtafel.exports.document import (
    Block,
    BulletList,
    Inline,
    Item,
    Paragraph,
    Run,
    fill,
    plain,
    runs,
)
from dialoogtafel.exports.topics import QuestionThread, Thread
from dialoogtafel.server.domain.model import Answer

Counted = Callable[[str, int], str]  # _Minutes.counted: "3 antwoorden"


def how(thread: Thread, texts: Mapping[str, str], counted: Counted) -> str:
    """One sentence on how the rode draad was placed: the model, the fallback, by hand."""
    used, hand = thread.placing, counted("answers", thread.by_hand)
    if used == "lexical":
        return texts["placed_lexical"].format(hand=hand)
    if used:
        said = texts["placed_model"].format(model=used, hand=hand)
        if "lexical" in thread.proposed_with:  # made at `end` for answers the worker had not seen
            said += " " + texts["proposed_lexical"]
        return said
    return texts["placed_none"].format(hand=hand)


def rode_draad_blocks(
    found: QuestionThread,
    answer: Mapping[str, Answer],
    texts: Mapping[str, str],
    counted: Counted,
) -> list[Block]:
    """The topics with their counts and one or two answers, the proposals, the unplaced."""

    def item(label: Inline, ids: list[str], tables: int, examples: list[str]) -> Item:
        counts = fill(
            texts["topic_counts"],
            answers=counted("answers", len(ids)),
            n=tables,
            of=found.tables,
        )
        shown = tuple((plain(answer[i].text),) for i in examples)
        return Item(runs(*label, " — ", counts), shown)

    items = []
    for p in found.topics:
        name = (Run(plain(p.topic.name).text, bold=True),)
        items.append(item(name, list(p.answers), len(p.tables), list(p.answers[:2])))
    for g in found.suggestions:
        label = (Run(plain(g["label"]).text, bold=True), Run(f" ({texts['proposal']})"))
        tables = len({answer[a].table for a in g["answers"]})
        items.append(item(label, list(g["answers"]), tables, [g["typical"]]))
    unplaced = len(found.unplaced)
    if unplaced and items:
        key = "unplaced_one" if unplaced == 1 else "unplaced"
        items.append(Item(fill(texts[key], answers=counted("answers", unplaced))))
    if not items:
        return [Paragraph((Run(texts["rode_draad_none"]),))]
    return [BulletList(tuple(items))]
