"""Options shared by the periodic commands: run once, or ``--loop`` every ``--interval`` seconds."""

from __future__ import annotations

from typing import Any


def add_loop_arguments(parser: Any, interval: float) -> None:
    parser.add_argument("--loop", action="store_true", help="keep running")
    parser.add_argument("--interval", type=float, default=interval, help="seconds between runs")
    parser.add_argument("--stop-after", type=float, default=None, help="with --loop: stop after seconds")
