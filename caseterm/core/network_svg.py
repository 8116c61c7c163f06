"""The network map as SVG: pure string building; every text is cleaned and XML-escaped."""

from __future__ import annotations

import math
from collections.abc import Sequence

from caseterm.core.network import ClientTie, Person, Sector, Tie
from caseterm.core.network_layout import CONFLICT_MARK, SECTOR_START, distance_fraction, symbol
from caseterm.core.safe_text import one_line

SIZE = 800
R = 330


def esc(value: object) -> str:
    text = one_line(value)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def _pos(p: Person, index: int, count: int) -> tuple[float, float]:
    angle = math.radians(SECTOR_START[p.sector] + 90.0 * (index + 1) / (count + 1))
    d = distance_fraction(p.closeness) * R
    return SIZE / 2 + d * math.cos(angle), SIZE / 2 - d * math.sin(angle)


def to_svg(people: Sequence[Person], ties: Sequence[Tie], *, title: str = "",
           ego: str = "", sector_titles: dict[Sector, str] | None = None) -> str:
    titles = sector_titles or {s: s.value for s in Sector}
    c = SIZE / 2
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" '
        f'viewBox="0 0 {SIZE} {SIZE}" font-family="sans-serif" font-size="12">',
        f"<title>{esc(title)}</title>",
        f'<rect width="{SIZE}" height="{SIZE}" fill="white"/>',
    ]
    for fraction in (1 / 3, 2 / 3, 1.0):
        out.append(f'<circle cx="{c}" cy="{c}" r="{R * fraction:.1f}" fill="none" '
                   f'stroke="#999" stroke-dasharray="4 4"/>')
    out.append(f'<line x1="{c - R}" y1="{c}" x2="{c + R}" y2="{c}" stroke="#bbb"/>')
    out.append(f'<line x1="{c}" y1="{c - R}" x2="{c}" y2="{c + R}" stroke="#bbb"/>')
    corners = {Sector.family: (SIZE - 10, 20, "end"), Sector.friends: (10, 20, "start"),
               Sector.colleagues: (10, SIZE - 10, "start"),
               Sector.professional: (SIZE - 10, SIZE - 10, "end")}
    for s, (x, y, anchor) in corners.items():
        out.append(f'<text x="{x}" y="{y}" text-anchor="{anchor}" font-weight="bold">'
                   f"{esc(titles.get(s, s.value))}</text>")
    pos: dict = {}
    for s in Sector:
        members = sorted((p for p in people if p.sector is s),
                         key=lambda p: (-p.closeness, p.name.casefold()))
        for i, p in enumerate(members):
            pos[p.id] = _pos(p, i, len(members))
    for t in ties:
        if t.a in pos and t.b in pos:
            (x0, y0), (x1, y1) = pos[t.a], pos[t.b]
            out.append(f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" '
                       f'stroke="#2a7fa8" stroke-width="1.5"/>')
    out.append(f'<circle cx="{c}" cy="{c}" r="9" fill="#333"/>')
    out.append(f'<text x="{c + 12}" y="{c - 10}" font-weight="bold">{esc(ego)}</text>')
    for p in people:
        x, y = pos[p.id]
        colour = "#c0392b" if p.conflict else ("#888" if p.deceased else "#1f4e79")
        fill = "white" if p.tie is ClientTie.none or p.deceased else colour
        width = 3 if p.tie is ClientTie.multiplex else 1.5
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{fill}" stroke="{colour}" '
                   f'stroke-width="{width}"/>')
        label = p.name + (" †" if p.deceased else "") + (f" {CONFLICT_MARK}" if p.conflict
                                                          else "")
        out.append(f'<text x="{x + 9:.1f}" y="{y + 4:.1f}" fill="{colour}">'
                   f"<title>{esc(symbol(p) + ' ' + p.role)}</title>{esc(label)}</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
