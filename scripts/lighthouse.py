"""Lighthouse scores of built pages, served the way GitHub Pages serves them (gzip, sub-path).

    python scripts/lighthouse.py --site site [--pages cities/el-paso/ countries/mx/]

Needs Node (npm installs Lighthouse into .cache/lighthouse on first use) and Chromium
(/usr/bin/chromium or CHROMIUM_PATH). Prints each page's category scores and key timings.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / ".cache" / "lighthouse"
SUBPATH = "factsheets"
COMPRESS = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files under /factsheets/, gzip-compressed like a production host."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not path.endswith(COMPRESS) or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        if not os.path.isfile(path):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def _lighthouse() -> Path:
    binary = TOOL / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        TOOL.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(TOOL), "lighthouse@12"],
            check=True,
            capture_output=True,
        )
    return binary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="a built site folder")
    parser.add_argument("--pages", nargs="*", default=["cities/el-paso/", "countries/mx/"])
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as tmp:
        www = Path(tmp)
        (www / SUBPATH).symlink_to(Path(args.site).resolve())
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        handler = functools.partial(GzipHandler, directory=str(www))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        binary = _lighthouse()
        worst = 1.0
        for page in args.pages:
            out = www / "report.json"
            subprocess.run(
                [
                    str(binary),
                    f"http://127.0.0.1:{port}/{SUBPATH}/{page}",
                    "--quiet",
                    "--only-categories=performance,accessibility,best-practices,seo",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                    "--output=json",
                    f"--output-path={out}",
                ],
                env={**os.environ, "CHROME_PATH": chromium},
                check=True,
                timeout=300,
            )
            report = json.loads(out.read_text())
            scores = {k: v["score"] for k, v in report["categories"].items()}
            audits = report["audits"]
            timings = ", ".join(
                f"{name} {audits[key]['displayValue']}"
                for name, key in (
                    ("FCP", "first-contentful-paint"),
                    ("LCP", "largest-contentful-paint"),
                    ("TBT", "total-blocking-time"),
                    ("CLS", "cumulative-layout-shift"),
                )
            )
            print(
                f"{page:28} "
                + "  ".join(f"{k} {v:.2f}" for k, v in scores.items())
                + f"  ({timings})"
            )
            worst = min(worst, scores["performance"])
        server.shutdown()
    return 0 if worst >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
