"""Browser mode with a real headless browser: `caseterm serve --lab` on 127.0.0.1, Debian's
chromium driven through its DevTools protocol (websockets). Two browser sessions choose two
trainees, each types a follow-up's outcome into her own workspace, and each workspace holds
only its own trainee's text (twenty sessions would be twenty processes on twenty files: no
lock collisions).

Skipped only when chromium is not installed locally; CI installs it and sets
CASETERM_REQUIRE_BROWSER=1, where a missing browser is an error (like CASETERM_REQUIRE_PG)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from caseterm.services import lab
from tests.waiting import await_for, wait_for

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    if os.environ.get("CASETERM_REQUIRE_BROWSER") == "1":
        raise RuntimeError("CASETERM_REQUIRE_BROWSER=1 but chromium is not installed")
    pytest.skip("chromium is not installed", allow_module_level=True)

START = date(2027, 3, 1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(condition, timeout: float, what: str, step: float = 0.2):
    return wait_for(condition, timeout=timeout, what=what, step=step)


async def _await(condition, timeout: float, what: str, step: float = 0.2):
    return await await_for(condition, timeout=timeout, what=what, step=step)


def _http_json(url: str, method: str = "GET"):
    req = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(req, timeout=5) as resp:
        return json.loads(resp.read())


class Page:
    """One browser tab over the DevTools protocol."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.n = 0

    async def call(self, method: str, **params):
        self.n += 1
        msg_id = self.n
        await self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            reply = json.loads(await self.ws.recv())
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    async def js(self, expression: str):
        result = await self.call("Runtime.evaluate", expression=expression,
                                 returnByValue=True)
        return result.get("result", {}).get("value")

    async def key(self, key: str, code: int, text: str = "", modifiers: int = 0) -> None:
        for kind in ("keyDown", "keyUp"):
            await self.call("Input.dispatchKeyEvent", type=kind, key=key,
                            code=key if len(key) > 1 else f"Key{key.upper()}",
                            windowsVirtualKeyCode=code, nativeVirtualKeyCode=code,
                            modifiers=modifiers, **({"text": text} if text and
                                                    kind == "keyDown" else {}))

    async def type(self, text: str) -> None:
        for char in text:  # one at a time, as typed (xterm keeps only a chunk's first one)
            await self.call("Input.insertText", text=char)

    async def shot(self) -> str:
        data = (await self.call("Page.captureScreenshot", format="png"))["data"]
        return hashlib.sha256(base64.b64decode(data)).hexdigest()

    async def changed(self, before: str, timeout: float = 60) -> None:
        """Wait until the screen differs from the screenshot `before`, then until it settles."""
        async def differs():
            return await self.shot() != before

        await _await(differs, timeout, "the screen to change", step=0.5)
        await self.settled()

    async def rows_drawn(self) -> bool:
        """Has the table area (below the filters) text on it? (The queue loads in a worker.)"""
        import io

        from PIL import Image

        data = (await self.call("Page.captureScreenshot", format="png"))["data"]
        image = Image.open(io.BytesIO(base64.b64decode(data))).convert("L")
        w, h = image.size
        band = image.crop((0, int(h * 0.2), w, int(h * 0.85)))
        hist = band.histogram()
        bright = sum(hist[120:])
        return bright > 0.01 * band.size[0] * band.size[1]

    async def save(self, name: str) -> None:
        folder = os.environ.get("CASETERM_BROWSER_SHOTS")
        if folder:
            data = (await self.call("Page.captureScreenshot", format="png"))["data"]
            Path(folder, f"{name}.png").write_bytes(base64.b64decode(data))

    async def settled(self, timeout: float = 30) -> None:
        """Wait until two screenshots a moment apart are the same (the screen is drawn)."""
        last = {"v": None}

        async def same():
            now = await self.shot()
            ok = now == last["v"]
            last["v"] = now
            return ok

        await _await(same, timeout, "the page to wait_idle", step=0.7)


def _texts(path: Path) -> list[str]:
    con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute(
            "SELECT text FROM contact_note UNION ALL SELECT outcome_note FROM follow_up")]
    finally:
        con.close()


@pytest.fixture
def served(tmp_path):
    from caseterm.db import lab as store

    data = tmp_path / "userdata"
    root = data / "labs"
    lab.create_lab("web", "auftakt", START, ["Anna", "Ben"], root=root)
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")  # never a pipe nobody reads: it would fill up
    env = {**os.environ, "CASETERM_DATA_DIR": str(data), "CASETERM_LANG": "de",
           "CASETERM_CONFIG": str(tmp_path / "c.toml"), "TEXTUAL_ANIMATIONS": "none"}
    env.pop("CASETERM_TODAY", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "caseterm", "serve", "--lab", "web", "--port", str(port)],
        env=env, stdout=log, stderr=log, start_new_session=True)

    def up():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False

    dport = _free_port()
    browser = None
    try:
        _wait(up, 30, "caseterm serve to listen")
        browser = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'chromium'}", f"--remote-debugging-port={dport}",
             "--window-size=1200,800", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

        def devtools():
            try:
                return _http_json(f"http://127.0.0.1:{dport}/json/version")
            except OSError:
                return None

        _wait(devtools, 30, "chromium's DevTools endpoint")
        meta = store.read_meta("web", root)
        yield {"url": f"http://127.0.0.1:{port}/", "devtools": dport,
               "ws": {t.name: store.workspace(meta, t, "ws", root) for t in meta.trainees}}
    finally:
        for proc in (browser, server):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, 15)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, 9)
        log.close()


async def _open_tab(served) -> Page:
    from urllib.parse import quote

    import websockets

    target = _http_json(f"http://127.0.0.1:{served['devtools']}/json/new?"
                        f"{quote(served['url'], safe='')}", method="PUT")
    ws = await websockets.connect(target["webSocketDebuggerUrl"], max_size=None)
    page = Page(ws)
    await page.call("Page.bringToFront")
    await page.call("Page.enable")
    await page.call("Runtime.enable")
    await _await(lambda: page.js("document.body && document.body.classList.contains("
                                 "'-first-byte')"), 60, "the first bytes of the app")
    # the blinking cursor would keep every screenshot different: hide its layer
    await page.js("(() => { const s = document.createElement('style'); s.textContent = "
                  "'.xterm-cursor-layer { visibility: hidden !important; }'; "
                  "document.head.appendChild(s); })()")
    await page.js("document.querySelector('.xterm-helper-textarea').focus()")
    await page.settled()
    return page


async def _choose_and_type(page: Page, downs: int, text: str, ws_path: Path) -> None:
    from caseterm.db.lock import holder_pid

    for _ in range(downs):
        before = await page.shot()
        await page.key("ArrowDown", 40)
        await page.changed(before)
    before = await page.shot()
    await page.key("Enter", 13, "\r")
    await _await(lambda: asyncio.to_thread(holder_pid, ws_path), 60,
                 f"the session to open {ws_path.name}")
    await page.changed(before)  # the picker gives way to her follow-up queue
    await _await(page.rows_drawn, 60, "the follow-up queue's rows", step=0.5)
    await page.settled()
    await page.save(f"{ws_path.stem}-1-opened")
    before = await page.shot()
    await page.type("d")  # the first follow-up of the queue: mark done, with an outcome
    await page.changed(before)
    await page.save(f"{ws_path.stem}-2-dialog")
    before = await page.shot()
    await page.type(text)
    await page.changed(before)  # every letter is on the screen before saving
    await page.key("s", 83, modifiers=2)  # ctrl+s: save
    await page.settled()
    await page.save(f"{ws_path.stem}-3-saved")
    await _await(lambda: asyncio.to_thread(lambda: any(text in t for t in _texts(ws_path))),
                 60, f"{text!r} in {ws_path.name}")


def test_two_browser_sessions_work_in_their_own_workspaces(served):
    async def scenario():
        from caseterm.db.lock import holder_pid

        anna = await _open_tab(served)
        ben = None
        try:
            await _choose_and_type(anna, 0, "Notiz von Anna", served["ws"]["Anna"])
            ben = await _open_tab(served)  # Anna's session stays open meanwhile
            await _choose_and_type(ben, 1, "Notiz von Ben", served["ws"]["Ben"])
            # two live sessions, two processes, each holding its own trainee's file
            assert holder_pid(served["ws"]["Anna"]) != holder_pid(served["ws"]["Ben"])
            assert holder_pid(served["ws"]["Anna"]) and holder_pid(served["ws"]["Ben"])
        finally:
            await anna.ws.close()
            if ben is not None:
                await ben.ws.close()

    asyncio.run(scenario())
    anna, ben = _texts(served["ws"]["Anna"]), _texts(served["ws"]["Ben"])
    assert any("Notiz von Anna" in t for t in anna)
    assert not any("Notiz von Ben" in t for t in anna)
    assert any("Notiz von Ben" in t for t in ben)
    assert not any("Notiz von Anna" in t for t in ben)
