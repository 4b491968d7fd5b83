"""Measure `serve`: a visitor's wait for the first screen, a keystroke's round trip, memory per session.

Starts the workshop server in this process on a free port and opens sessions over real
WebSockets, each a real wizard process, as textual.js does. Prints, for the sessions held
open together: connect to first screen (median, max), a keystroke in the Service field to
the frame that shows it (median), and each process's resident memory (from /proc; Linux).
Issue 11 measured 15 unauthenticated sessions at 747 MB (about 50 MB each): that is what
the default --max-sessions 8 is set against.

    python benchmarks/serve.py [--sessions N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import aiohttp  # noqa: E402
from test_serve import TOKEN, Visitor  # noqa: E402

from wizard.serving import child  # noqa: E402
from wizard.serving.server import WorkshopServer  # noqa: E402


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


async def main(sessions: int) -> None:
    server = WorkshopServer(child.command("seed"), host="127.0.0.1", port=0, token=TOKEN, max_sessions=sessions)
    runner = await server.start()
    base = f"http://127.0.0.1:{server.bound_port}"
    first, keystroke = [], []
    try:
        async with aiohttp.ClientSession() as http:
            sockets = []
            for number in range(sessions):
                begin = time.perf_counter()
                ws = await http.ws_connect(f"{base}/ws/{TOKEN}?width=120&height=40", headers={"Origin": base})
                sockets.append(ws)
                visitor = Visitor(ws)
                await visitor.until(lambda v=visitor: "Problems" in v.text)
                first.append(time.perf_counter() - begin)
                await visitor.focus_service_field()
                marker = f"svc{number}x"
                begin = time.perf_counter()
                await visitor.keys(marker)
                await visitor.until(lambda v=visitor, m=marker: m in v.text)
                keystroke.append(time.perf_counter() - begin)
            memory = [m for m in (_rss_mb(p.pid) for p in server.sessions.values() if p is not None) if m is not None]
            for ws in sockets:
                await ws.close()
    finally:
        await runner.cleanup()
    print(f"{sessions} sessions held open together (seed example, 120x40)")
    print(f"  connect -> first screen   median {statistics.median(first) * 1000:7.0f} ms   max {max(first) * 1000:7.0f} ms")
    print(f"  typing -> frame showing it median {statistics.median(keystroke) * 1000:6.0f} ms   max {max(keystroke) * 1000:7.0f} ms")
    if memory:
        print(f"  resident memory per process median {statistics.median(memory):5.0f} MB   all {sum(memory):6.0f} MB"
              f"   (issue 11: 747 MB for 15, about 50 MB each)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8)
    asyncio.run(main(parser.parse_args().sessions))
