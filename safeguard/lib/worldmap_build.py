"""Build ``data/worldmap-v1.json`` from the @svg-maps/world package (CC BY 4.0).

Run: ``uv run python -m safeguard.lib.worldmap_build path/to/@svg-maps/world/index.js``.
The package's paths use relative moves with implicit lines (``m``/``z`` only). They are turned
into absolute points, simplified with Ramer-Douglas-Peucker (tolerance 0.5 map units on a
1010 x 666 map) and rounded to whole units (0.1 for micro-states): 1.2 MB becomes about 120 kB.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

TOLERANCE = 0.5
OUTPUT = Path(__file__).parent / "data" / "worldmap-v1.json"
Point = tuple[float, float]


def rings(path: str) -> list[list[Point]]:
    parts = re.findall(r"[mMzZ]|-?\d*\.?\d+(?:e-?\d+)?", path)
    result: list[list[Point]] = []
    x = y = 0.0
    numbers: list[float] = []
    current: list[Point] = []
    start: Point = (0.0, 0.0)

    def flush_numbers(relative: bool) -> None:
        nonlocal x, y, current, start
        for i in range(0, len(numbers) - 1, 2):
            dx, dy = numbers[i], numbers[i + 1]
            x, y = (x + dx, y + dy) if relative else (dx, dy)
            if not current:
                start = (x, y)
            current.append((x, y))
        numbers.clear()

    relative = True
    for part in parts:
        if part in "mM":
            flush_numbers(relative)
            if current:
                result.append(current)
            current = []
            relative = part == "m"
        elif part in "zZ":
            flush_numbers(relative)
            if current:
                result.append(current)
            current = []
            x, y = start
        else:
            numbers.append(float(part))
    flush_numbers(relative)
    if current:
        result.append(current)
    return result


def _distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    return abs(dy * px - dx * py + bx * ay - by * ax) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list[Point], tolerance: float = TOLERANCE) -> list[Point]:
    """A closed ring is cut at its point farthest from the start, and each half simplified."""
    if len(points) < 4:
        return points
    x0, y0 = points[0]
    far = max(range(len(points)), key=lambda i: (points[i][0] - x0) ** 2 + (points[i][1] - y0) ** 2)
    return _simplify_open(points[: far + 1], tolerance) + _simplify_open(points[far:], tolerance)[1:]


def _simplify_open(points: list[Point], tolerance: float) -> list[Point]:
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, farthest = 0, 0.0
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > farthest:
                index, farthest = i, d
        if farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring_path(points: list[Point], digits: int) -> str:
    rounded: list[tuple[float, float]] = []
    for x, y in points:
        point = (round(x, digits), round(y, digits))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(set(rounded)) < 3:
        return ""
    text = " ".join(f"{x:g},{y:g}" for x, y in rounded)
    return f"M{text}Z"


def to_path(all_rings: list[list[Point]]) -> str:
    """Whole map units; a ring that would collapse is dropped, unless the country would vanish."""
    simplified = [simplify(ring) for ring in all_rings]
    path = "".join(_ring_path(ring, 0) for ring in simplified)
    if not path:  # a micro-state: keep its outline at 0.1 precision
        path = "".join(_ring_path(ring, 1) for ring in all_rings)
    return path


def build(source: Path) -> dict[str, object]:
    text = source.read_text().removeprefix("export default").strip().rstrip(";")
    data = json.loads(text)
    return {
        "source": "@svg-maps/world 2.0.0 by Victor Cazanave, CC BY 4.0, simplified",
        "viewBox": data["viewBox"],
        "countries": {loc["id"].upper(): to_path(rings(loc["path"])) for loc in data["locations"]},
    }


if __name__ == "__main__":
    OUTPUT.write_text(json.dumps(build(Path(sys.argv[1])), separators=(",", ":")) + "\n")
    sys.stdout.write(f"wrote {OUTPUT} ({OUTPUT.stat().st_size} bytes)\n")
