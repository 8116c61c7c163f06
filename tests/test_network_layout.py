"""Placing people on the character grid, arrow-key navigation, the SVG export."""

from __future__ import annotations

import uuid

from caseterm.core.network import ClientTie, Person, Sector, Tie
from caseterm.core.network_layout import grid_text, layout, neighbour, render_grid
from caseterm.core.network_svg import to_svg


def P(name, sector, closeness, **kw):
    return Person(uuid.uuid5(uuid.NAMESPACE_DNS, name), name, sector, closeness, **kw)


PEOPLE = [P("Mutter", Sector.family, 9), P("Freundin", Sector.friends, 5),
          P("Kollege", Sector.colleagues, 2), P("Beratung", Sector.professional, 4),
          P("Opa", Sector.family, 3, deceased=True),
          P("Ex", Sector.friends, 7, conflict=True, tie=ClientTie.normal)]
TITLES = {s: s.value for s in Sector}


def test_people_sit_in_their_quadrant_and_by_closeness():
    lay = layout(PEOPLE, 80, 25)
    at = {p.id: lay.at(p.id) for p in PEOPLE}
    m, f, k, b = (at[p.id] for p in PEOPLE[:4])
    assert m.y < lay.cy and m.x >= lay.cx  # family: top right
    assert f.y < lay.cy and f.x < lay.cx  # friends: top left
    assert k.y > lay.cy and k.x < lay.cx  # colleagues: bottom left
    assert b.y > lay.cy and b.x >= lay.cx  # professional: bottom right
    # closer people sit nearer the centre
    opa = at[PEOPLE[4].id]
    assert abs(m.y - lay.cy) + abs(m.x - lay.cx) / 2 < abs(opa.y - lay.cy) + abs(
        opa.x - lay.cx) / 2


def test_symbols_mark_conflict_and_death_not_only_colour():
    lay = layout(PEOPLE, 80, 25)
    text = grid_text(render_grid(lay, PEOPLE, [], sector_titles=TITLES, ego="Ego"))
    assert "† Opa" in text
    assert "● Ex ↯" in text
    assert "◆ Ego" in text


def test_labels_never_overlap():
    many = [P(f"Person {i}", Sector.family, 5 + i % 3) for i in range(12)]
    lay = layout(many, 80, 25)
    cells = set()
    for p in lay.placed:
        row = {(p.label_x + i, p.y) for i in range(len(p.label))}
        assert not row & cells
        cells |= row


def test_arrow_keys_move_to_the_nearest_in_that_direction():
    lay = layout(PEOPLE[:4], 80, 25)
    mother, friend, colleague, counsel = (p.id for p in PEOPLE[:4])
    assert neighbour(lay, mother, "left") == friend
    assert neighbour(lay, friend, "down") == colleague
    assert neighbour(lay, colleague, "right") == counsel
    assert neighbour(lay, counsel, "up") == mother
    assert neighbour(lay, None, "up") is not None
    assert neighbour(layout([], 80, 25), None, "up") is None


def test_svg_escapes_names():
    evil = P('<script>alert("x")</script> & \x1b[31m', Sector.friends, 5)
    svg = to_svg([evil, PEOPLE[0]], [Tie.of(evil.id, PEOPLE[0].id)], title="t", ego="A&B")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "\x1b" not in svg and "A&amp;B" in svg
    assert svg.count("<line") == 3  # two axes and one tie
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)  # well-formed
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any('<script>alert("x")</script>' in t for t in texts)


def test_hostile_names_are_drawn_literally_and_cleaned():
    evil = P("\x1b[2J[red]Evil[/red]\u202e", Sector.friends, 6)
    lay = layout([evil], 80, 25)
    text = grid_text(render_grid(lay, [evil], [], sector_titles=TITLES))
    assert "\x1b" not in text and "\u202e" not in text
    assert "[red]Evil[/red]" in text


def test_wide_characters_take_two_cells():
    wide = P("李小龍", Sector.colleagues, 5)
    grid = render_grid(layout([wide], 60, 21), [wide], [], sector_titles=TITLES)
    assert all(len(row) == 60 for row in grid)
    row = next(r for r in grid if any(ch == "李" for ch, _ in r))
    i = [ch for ch, _ in row].index("李")
    assert row[i + 1][0] == ""  # the second half of the wide character
