"""Waiting on a condition, never on a fixed pause (issue 12).

`wait_for` polls a condition in plain code (a file a subprocess writes, a server that comes
up); `await_for` does the same in async code. Both return the condition's value as soon as it
is true and fail with `what` after a generous `timeout`. Pilot tests use
`tests.conftest.wait_until(pilot, app, condition)`, which lets workers finish between looks.
The small `step` between two looks is the only sleep the tests have
(tests/test_no_fixed_pauses.py checks that)."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable

STEP = 0.02


def wait_for(condition: Callable[[], object], *, timeout: float = 10.0,
             what: str = "the condition", step: float = STEP):
    end = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(step)


async def await_for(condition: Callable[[], object], *, timeout: float = 10.0,
                    what: str = "the condition", step: float = STEP):
    """`condition` may be a plain function or a coroutine function."""
    end = time.monotonic() + timeout
    while True:
        value = condition()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(step)
