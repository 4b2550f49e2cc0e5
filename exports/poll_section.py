"""A poll's results in the minutes, from plain numbers: a table and a chart (issue 18).

For the polls branch to call from `_Minutes.poll` (exports/minutes.py) once it has counted a
poll's responses; this module knows nothing of how responses are stored or counted:

    return poll_blocks(
        level=level, file=chart_name(self.s, q.id), question=q.text, language=self.language,
        labels=["Ja", "Nee"], counts=[12, 5], responses=17,
        tables={"Tafel 1": [4, 1], "Tafel 2": [5, 2], "Overige tafels": [3, 2]},
    )

gives a heading ("Uitslag"), the table (option, aantal, %, then a column per entry of `tables`,
in the order given), a line with the number of responses (and a scale's mean), and the `Chart`
that the writer draws, writes beside the minutes, links from the Markdown and embeds in the .docx.
For a scale, `labels` are its values as text ("1" … "5") and `poles` the words at its ends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dialoogtafel.exports.document import (
    Align,
    Block,
    Chart,
    ChartKind,
    Heading,
    Inline,
    Paragraph,
    Run,
    Table,
    fill,
    one_line,
    plain,
)

TEXTS = {
    "nl": {
        "results": "Uitslag",
        "option": "Antwoord",
        "value": "Waarde",
        "count": "Aantal",
        "share": "%",
        "responses": "{n} antwoorden.",
        "response": "1 antwoord.",
        "mean": "Gemiddelde: {mean}.",
        "alt": "Grafiek van de uitslag: {question}",
    },
    "en": {
        "results": "Results",
        "option": "Option",
        "value": "Value",
        "count": "Count",
        "share": "%",
        "responses": "{n} responses.",
        "response": "1 response.",
        "mean": "Mean: {mean}.",
        "alt": "Chart of the results: {question}",
    },
}


def percent(count: int, of: int) -> str:
    """A whole percentage, "52%"; a dash of nothing."""
    return f"{int(100 * count / of + 0.5)}%" if of else "–"  # noqa: RUF001 (an en dash)


def poll_blocks(
    *,
    level: int,
    file: str,
    question: str,
    labels: Sequence[str],
    counts: Sequence[int],
    responses: int | None = None,
    kind: ChartKind = "choice",
    mean: float | None = None,
    poles: tuple[str, str] | None = None,
    tables: Mapping[str, Sequence[int]] | None = None,
    language: str = "nl",
) -> list[Block]:
    """A poll's heading, table of counts, responses line and chart (see the module's example)."""
    texts = TEXTS.get(language, TEXTS["en"])
    tables = tables or {}
    of = sum(counts) if responses is None else responses
    first = texts["value" if kind == "scale" else "option"]
    header: tuple[Inline, ...] = tuple(
        (Run(word),) for word in (first, texts["count"], texts["share"])
    )
    header += tuple((plain(name),) for name in tables)
    rows = []
    for n, (label, count) in enumerate(zip(labels, counts, strict=True)):
        shown = _scale_label(label, n, len(labels), poles) if kind == "scale" else label
        row: tuple[Inline, ...] = ((plain(shown),), (Run(str(count)),), (Run(percent(count, of)),))
        rows.append(row + tuple((Run(str(column[n])),) for column in tables.values()))
    said = texts["response"] if of == 1 else texts["responses"].format(n=of)
    summary: Inline = (Run(said),)
    if kind == "scale" and mean is not None:
        decimal = f"{mean:.1f}".replace(".", ",") if language == "nl" else f"{mean:.1f}"
        summary += (Run(" "), *fill(texts["mean"], mean=decimal))
    chart = Chart(
        file=file,
        alt=texts["alt"].format(question=one_line(question)),
        question=question,
        labels=tuple(labels),
        counts=tuple(counts),
        kind=kind,
        responses=responses,
        mean=mean,
        poles=poles,
    )
    align: tuple[Align, ...] = ("left", "right", "right", *(("right",) * len(tables)))
    return [
        Heading(level, (Run(texts["results"]),)),
        Table(header, tuple(rows), align),
        Paragraph(summary),
        chart,
    ]


def _scale_label(label: str, n: int, values: int, poles: tuple[str, str] | None) -> str:
    """A scale value, with its pole's words at the two ends: "1 (helemaal oneens)"."""
    if poles and n == 0:
        return f"{label} ({poles[0]})"
    if poles and n == values - 1:
        return f"{label} ({poles[1]})"
    return label
