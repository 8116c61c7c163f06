"""Placing the network map on a character grid. Pure: no UI.

The client sits in the centre; the four sectors are the quadrants (as in easyNWK: family top
right, friends top left, colleagues bottom left, professional help bottom right); the three
rings are ellipses (terminal cells are about twice as tall as wide). A person's distance from
the centre follows closeness (9 = next to the client, 1 = at the outer ring); people of one
sector are spread over its angle, closest first. Ties between people are drawn as lines of
box-drawing characters, under the labels.

`render_grid()` returns rows of cells `(char, role)`; the widget and the SVG export give the
roles their look. A wide character takes two cells (the second holds "").
"""

from __future__ import annotations

import math
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from caseterm.core.network import ClientTie, Person, Sector, Tie
from caseterm.core.safe_text import one_line

# Angles (degrees, counter-clockwise from the right) where each sector starts.
SECTOR_START = {Sector.family: 0.0, Sector.friends: 90.0, Sector.colleagues: 180.0,
                Sector.professional: 270.0}
LABEL_MAX = 18


def symbol(p: Person) -> str:
    """The person's marker: a symbol, never colour alone."""
    if p.deceased:
        return "†"
    if not p.human:
        return "◇"
    return {ClientTie.none: "○", ClientTie.normal: "●", ClientTie.multiplex: "◉"}[p.tie]


CONFLICT_MARK = "↯"
EGO_MARK = "◆"


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def label_of(p: Person, limit: int = LABEL_MAX) -> str:
    name = one_line(p.name)
    out, width = "", 0
    for ch in name:
        w = char_width(ch)
        if width + w > limit:
            out = out[:-1] + "…" if out else "…"
            break
        out += ch
        width += w
    text = f"{symbol(p)} {out}"
    if p.conflict:
        text += " " + CONFLICT_MARK
    return text


@dataclass(frozen=True)
class Placed:
    id: uuid.UUID
    x: int  # column of the marker
    y: int  # row of the marker
    label_x: int  # first column of the label (marker included)
    label: str
    right: bool  # the label runs to the right of the marker


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    cx: int
    cy: int
    rx: float
    ry: float
    placed: list[Placed]

    def at(self, person_id: uuid.UUID | None) -> Placed | None:
        return next((p for p in self.placed if p.id == person_id), None)


def polar(cx: int, cy: int, rx: float, ry: float, fraction: float, degrees: float
          ) -> tuple[int, int]:
    a = math.radians(degrees)
    return (round(cx + fraction * rx * math.cos(a)), round(cy - fraction * ry * math.sin(a)))


def distance_fraction(closeness: int) -> float:
    """0 = the client, 1 = the outer ring; the middle of the closeness band of 1/9."""
    return (9 - closeness + 0.5) / 9


def layout(people: Sequence[Person], width: int, height: int) -> Layout:
    width, height = max(width, 20), max(height, 9)
    cx, cy = width // 2, height // 2
    rx, ry = (width - 2) / 2, (height - 1) / 2
    taken: set[tuple[int, int]] = set()
    # keep the centre label free
    for dx in range(-1, 8):
        taken.add((cx + dx, cy))
    placed: list[Placed] = []
    for sector in Sector:
        members = sorted((p for p in people if p.sector is sector),
                         key=lambda p: (-p.closeness, p.name.casefold()))
        n = len(members)
        for i, p in enumerate(members):
            angle = SECTOR_START[sector] + 90.0 * (i + 1) / (n + 1)
            x, y = polar(cx, cy, rx, ry, distance_fraction(p.closeness), angle)
            label = label_of(p)
            right = sector in (Sector.family, Sector.professional)
            up = sector in (Sector.family, Sector.friends)
            if up and y >= cy:
                y = cy - 1
            elif not up and y <= cy:
                y = cy + 1
            placed.append(_fit(p.id, x, y, label, right, up, width, height, taken))
    return Layout(width, height, cx, cy, rx, ry, placed)


def _fit(pid: uuid.UUID, x: int, y: int, label: str, right: bool, up: bool, width: int,
         height: int, taken: set[tuple[int, int]]) -> Placed:
    w = text_width(label)
    half = height // 2
    rows = [r for r in range(height) if (r < half if up else r > half)]
    rows.sort(key=lambda r: (abs(r - y), (r - y) * (-1 if up else 1) < 0))
    base = x if right else x - w + 1
    best = None
    for shift in (0, 3, -3, 6, -6, 10, -10, 15, -15):
        for yy in rows[:6] if shift == 0 else rows:
            lx = min(max(base + shift, 0), max(width - w, 0))
            cells = {(lx + i, yy) for i in range(-1, w + 1)}
            if not cells & taken:
                best = (yy, lx)
                break
        if best is not None:
            break
    if best is None:
        best = (min(max(y, 0), height - 1), min(max(base, 0), max(width - w, 0)))
    yy, lx = best
    taken.update((lx + i, yy) for i in range(w))
    # the marker leads the label on either side, so ties end at the marker
    return Placed(pid, lx, yy, lx, label, right)


# -- drawing on a grid ------------------------------------------------------------------------

Cell = tuple[str, str]  # (character, role)


def _line_char(dx: int, dy: int) -> str:
    if dy == 0 or abs(dx) >= 3 * abs(dy):
        return "─"
    if dx == 0 or abs(dy) * 2 >= 3 * abs(dx):
        return "│"
    return "╲" if (dx > 0) == (dy > 0) else "╱"


def _segment(x0: int, y0: int, x1: int, y1: int) -> list[tuple[int, int]]:
    points = []
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    err = dx + dy
    x, y = x0, y0
    while True:
        points.append((x, y))
        if x == x1 and y == y1:
            break
        e2 = 2 * err
        if e2 >= dy:
            err += dy
            x += sx
        if e2 <= dx:
            err += dx
            y += sy
    return points


def render_grid(lay: Layout, people: Sequence[Person], ties: Sequence[Tie],
                selected: uuid.UUID | None = None, *, sector_titles: dict[Sector, str],
                ego: str = "") -> list[list[Cell]]:
    """Rows of (char, role) cells. Roles: "", "ring", "axis", "sector", "tie", "tie-sel",
    "ego", "person", "person-sel", "conflict", "deceased", "nontie"."""
    w, h = lay.width, lay.height
    grid: list[list[Cell]] = [[(" ", "")] * w for _ in range(h)]

    def put(x: int, y: int, ch: str, role: str) -> None:
        if 0 <= x < w and 0 <= y < h:
            grid[y][x] = (ch, role)

    # axes between the sectors
    for x in range(w):
        put(x, lay.cy, "─", "axis")
    for y in range(h):
        put(lay.cx, y, "│", "axis")
    # rings
    for fraction in (1 / 3, 2 / 3, 1.0):
        steps = int(4 * (lay.rx + lay.ry) * fraction) + 8
        for i in range(steps):
            x, y = polar(lay.cx, lay.cy, lay.rx, lay.ry, fraction, 360.0 * i / steps)
            if 0 <= y < h and 0 <= x < w and grid[y][x][1] != "axis":
                put(x, y, "·", "ring")
    put(lay.cx, lay.cy, "┼", "axis")
    # sector titles in the corners
    corners = {Sector.friends: (0, 0, False), Sector.family: (w, 0, True),
               Sector.colleagues: (0, h - 1, False), Sector.professional: (w, h - 1, True)}
    for sector, (x, y, from_right) in corners.items():
        title = sector_titles.get(sector, sector.value)[: max(w // 2 - 2, 1)]
        start = x - text_width(title) if from_right else x
        _write(grid, start, y, title, "sector")
    # ties
    pos = {p.id: (p.x, p.y) for p in lay.placed}
    segments = sorted(
        ((tuple(sorted((pos[t.a], pos[t.b]))), t) for t in ties if t.a in pos and t.b in pos),
        key=lambda item: item[0])
    for ((x0, y0), (x1, y1)), t in segments:  # drawn the same way whatever the ids
        ch = _line_char(x1 - x0, y1 - y0)
        role = "tie-sel" if selected in (t.a, t.b) else "tie"
        for x, y in _segment(x0, y0, x1, y1)[1:-1]:
            put(x, y, ch, role)
    # the client
    ego_label = f"{EGO_MARK} {one_line(ego)}" if ego else EGO_MARK
    _write(grid, lay.cx, lay.cy, ego_label[: max(w - lay.cx, 1)], "ego")
    # people
    by_id = {p.id: p for p in people}
    for pl in lay.placed:
        p = by_id[pl.id]
        if pl.id == selected:
            role = "person-sel"
        elif p.deceased:
            role = "deceased"
        elif p.conflict:
            role = "conflict"
        elif p.tie is ClientTie.none:
            role = "nontie"
        else:
            role = "person"
        _write(grid, pl.label_x, pl.y, pl.label, role)
    return grid


def _write(grid: list[list[Cell]], x: int, y: int, text: str, role: str) -> None:
    if not 0 <= y < len(grid):
        return
    row = grid[y]
    for ch in text:
        cw = char_width(ch)
        if cw == 0:
            continue
        if 0 <= x < len(row) and x + cw <= len(row):
            # a wide character over the first half of another: clear its second half
            row[x] = (ch, role)
            if cw == 2:
                row[x + 1] = ("", role)
        x += cw


def grid_text(grid: list[list[Cell]]) -> str:
    return "\n".join("".join(ch for ch, _role in row).rstrip() for row in grid)


# -- moving the selection with the arrow keys -------------------------------------------------

DIRECTIONS = {"up": (0, -1), "down": (0, 1), "left": (-1, 0), "right": (1, 0)}


def neighbour(lay: Layout, current: uuid.UUID | None, direction: str) -> uuid.UUID | None:
    """The person the arrow key moves to: the nearest in that direction (a step across counts
    double in rows, since cells are tall). None if nobody lies that way."""
    if not lay.placed:
        return None
    here = lay.at(current)
    if here is None:
        return min(lay.placed, key=lambda p: (p.y, p.x)).id
    dx, dy = DIRECTIONS[direction]
    scored: list[tuple[bool, float, uuid.UUID]] = []
    for p in lay.placed:
        if p.id == here.id:
            continue
        vx, vy = p.x - here.x, (p.y - here.y) * 2
        along = vx * dx + vy * dy
        if along <= 0:
            continue
        across = abs(vx * dy) + abs(vy * dx)
        # people inside the 90° cone of the direction first, then the nearest
        scored.append((across > along, along + 2 * across, p.id))
    return min(scored, key=lambda t: (t[0], t[1]))[2] if scored else None
