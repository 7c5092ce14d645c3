"""Pieces several question types' renderers share: the per-room breakdown table of a presentation
export, table styles, number formats and colours for the page's inline SVG."""

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from poll_service.exports import pdf_kit
from poll_service.exports.labels import DASH, Labels
from poll_service.exports.pdf_kit import CONTENT_WIDTH, RULE, SOFT, TRACK, PdfKit, esc
from poll_service.exports.report import QuestionResult, QuestionResults

COLUMNS_PER_TABLE = 6


def mean_text(labels: Labels, mean: float | None) -> str:
    """3.50 / 3,50, or an en dash when nobody rated."""
    return DASH if mean is None else labels.decimal(float(mean))


def hex_colour(colour: colors.Color) -> str:
    """#3355cc, for an SVG attribute."""
    return "#" + colour.hexval()[2:].lower()


def room_columns(results: QuestionResults, total_label: str) -> list[tuple[str, QuestionResult]]:
    """Each room's result, then the combined total."""
    columns = [(room.name, r) for room, r in results.per_room]
    columns.append((total_label, results.total))
    return columns


def breakdown(
    kit: PdfKit,
    first_header: str,
    row_labels: Sequence[str],
    columns: Sequence[tuple[str, Sequence[Paragraph]]],
    footer: tuple[str, Sequence[str]] | None = None,
) -> list[Flowable]:
    """A table per room and in total (the last column), at most COLUMNS_PER_TABLE figures wide;
    more rooms continue in a next table. `columns` holds (heading, one cell per row)."""
    tables: list[Flowable] = []
    count = -(-len(columns) // COLUMNS_PER_TABLE)
    size = -(-len(columns) // count)
    label_w = CONTENT_WIDTH * 0.30
    col_w = (CONTENT_WIDTH - label_w) / COLUMNS_PER_TABLE
    for start in range(0, len(columns), size):
        chunk = columns[start : start + size]
        rows: list[list[Any]] = [
            [kit.para(first_header, kit.head)] + [kit.para(name, kit.head_right) for name, _ in chunk]
        ]
        for i, label in enumerate(row_labels):
            rows.append([kit.para(label, kit.cell)] + [cells[i] for _, cells in chunk])
        if footer is not None:
            footer_label, footer_cells = footer
            rows.append(
                [kit.para(footer_label, kit.cell_bold)]
                + [kit.para(text, kit.cell_right) for text in footer_cells[start : start + size]]
            )
        table = Table(rows, colWidths=[label_w] + [col_w] * len(chunk), hAlign="LEFT", repeatRows=1)
        style: list[Any] = [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
            ("LINEBELOW", (0, 1), (-1, -2), 0.4, TRACK),
        ]
        if footer is not None:
            style.append(("BACKGROUND", (0, -1), (-1, -1), SOFT))
        if start + len(chunk) == len(columns):  # the last table ends with the total
            style.append(("BACKGROUND", (-1, 1), (-1, -1), SOFT))
        table.setStyle(TableStyle(style))
        tables.append(table)
    return tables


def bar_table(
    kit: PdfKit,
    bars: Sequence[tuple[str, float, colors.Color, str]],
    label_share: float = 0.40,
    total: tuple[str, str] | None = None,
    pictures: Sequence[Flowable | None] = (),
) -> Table:
    """Horizontal bars, a row each: the label, the bar, the figure at the right; `total` adds a
    shaded last row (label, figure) under a rule; `pictures` go above their rows' labels."""
    label_w, figure_w = CONTENT_WIDTH * label_share, CONTENT_WIDTH * 0.15
    bar_w = CONTENT_WIDTH - label_w - figure_w - 12
    shown = list(pictures) + [None] * (len(bars) - len(pictures))
    rows: list[list[Any]] = [
        [
            kit.para(label, kit.cell) if pic is None else [pic, kit.para(label, kit.cell)],
            pdf_kit.bar(bar_w, fraction, fill),
            kit.para(figure, kit.cell_right),
        ]
        for (label, fraction, fill, figure), pic in zip(bars, shown, strict=True)
    ]
    style: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 10),
        ("LEFTPADDING", (1, 0), (1, -1), 2),
        ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -3 if total else -2), 0.4, TRACK),
    ]
    if total is not None:
        rows.append([kit.para(total[0], kit.cell_bold), "", kit.para(total[1], kit.cell_right)])
        style += [
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, RULE),
            ("BACKGROUND", (0, -1), (-1, -1), SOFT),
            ("LEFTPADDING", (0, -1), (0, -1), 4),
            ("RIGHTPADDING", (-1, -1), (-1, -1), 4),
        ]
    table = Table(rows, colWidths=[label_w, bar_w + 12, figure_w], hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


def two_line(kit: PdfKit, main: str, sub: str, bold: bool = False) -> Paragraph:
    """A right-aligned figure with a small grey line under it (both escaped)."""
    figure = f"<b>{esc(main)}</b>" if bold else esc(main)
    return kit.rich(f"{figure}<br/><font size=7.5 color='#5f6675'>{esc(sub)}</font>", kit.cell_right)


def ruled_style(padding: float = 3) -> TableStyle:
    """A figures table's look: cells centred in height, the header on its bottom line, a rule under
    the header and light lines between the rows."""
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), padding),
            ("TOPPADDING", (0, 0), (-1, -1), padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
            ("LINEBELOW", (0, 1), (-1, -2), 0.4, TRACK),
        ]
    )


def with_rooms(
    results: QuestionResults,
    kit: PdfKit,
    combined: Callable[[], list[Flowable]],
    per_room: Callable[[], list[Flowable]],
) -> list[Flowable]:
    """A question's PDF part: its combined chart, and for a presentation that ran in several rooms
    (and was answered) headed as all rooms, followed by the per-room breakdown."""
    several_rooms = len(results.per_room) > 1 and results.total.response_count > 0
    if not several_rooms:
        return combined()
    return [
        kit.para(kit.labels["combined"], kit.h3),
        *combined(),
        kit.para(kit.labels["per_room"], kit.h3),
        *per_room(),
    ]
