"""The staff area's chart of searches per day as plain numbers for an SVG drawn on the server: no
script, no CDN, readable without CSS, and the same figures as the table beside it."""
from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 720, 220
# Room for the count labels on the left and the dates below.
LEFT, BOTTOM, TOP = 44, 28, 10


@dataclass(frozen=True)
class Bar:
    day: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Tick:
    label: str
    x: float
    y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    counts: list[Tick]  # labels on the vertical axis
    days: list[Tick]  # dates under the bars: first, middle, last


def _nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5 × 10^k that is at least ``value`` (the top of the count axis)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if factor * step >= value:
                return factor * step
        step *= 10


def daily_chart(per_day: list[tuple[str, int]]) -> Chart:
    """Bars for ``per_day`` ((ISO day, count), oldest first) in a WIDTH × HEIGHT drawing."""
    top = _nice_ceiling(max((n for _, n in per_day), default=0) or 1)
    plot_width, plot_height = WIDTH - LEFT, HEIGHT - BOTTOM - TOP
    baseline = TOP + plot_height
    slot = plot_width / max(1, len(per_day))
    gap = slot * 0.2 if slot > 4 else 0
    bars = []
    for i, (day, count) in enumerate(per_day):
        height = plot_height * count / top
        bars.append(Bar(day, count, round(LEFT + i * slot + gap / 2, 2), round(baseline - height, 2),
                        round(slot - gap, 2), round(height, 2)))
    counts = [Tick(str(value), LEFT - 6, round(baseline - plot_height * value / top + 4, 2))
              for value in sorted({0, top // 2, top})]
    picks = sorted({0, len(per_day) // 2, len(per_day) - 1}) if per_day else []
    days = [Tick(_short_date(per_day[i][0]), round(LEFT + (i + 0.5) * slot, 2), HEIGHT - 8) for i in picks]
    return Chart(WIDTH, HEIGHT, baseline, bars, counts, days)


def _short_date(day: str) -> str:
    """``2026-12-07`` → ``7/12``, as Danes write a date."""
    _, month, date = day.split("-")
    return f"{int(date)}/{int(month)}"
