"""Helpers for tests/cli/report_test.py: making runs, driving headless Chromium, reading its DOM
and its PNG screenshots with the standard library only."""
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def make_run(binary, model, fixes, out, replicates, seed=1):
    """A simulate output directory made by `journeysim simulate` (cohort mode, its default)."""
    cmd = [binary, "simulate", model, "--out", out, "--replicates", str(replicates), "--seed", str(seed), "--quiet"]
    if fixes:
        cmd += ["--fixes", fixes]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, f"simulate failed: {result.stderr}"


def chromium(browser, args, timeout=60):
    profile = tempfile.mkdtemp(prefix="journeysim-chromium-")
    try:
        return subprocess.run([browser] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile] + args,
                              capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def dump_dom(browser, page):
    result = chromium(browser, ["--dump-dom", "file://" + os.path.abspath(page)])
    assert result.returncode == 0 and "<html" in result.stdout, f"chromium --dump-dom failed: {result.stderr[-2000:]}"
    return result.stdout


def screenshot(browser, page, png, width=1366, height=4000, scale=1.0):
    result = chromium(browser, [f"--window-size={width},{height}", f"--force-device-scale-factor={scale}",
                                "--screenshot=" + os.path.abspath(png), "file://" + os.path.abspath(page)])
    assert result.returncode == 0 and os.path.exists(png), f"chromium --screenshot failed: {result.stderr[-2000:]}"


def print_to_pdf(browser, page, pdf):
    """Prints the page as Chromium's print dialog would (print stylesheet); returns the page count."""
    result = chromium(browser, ["--no-pdf-header-footer", "--print-to-pdf=" + os.path.abspath(pdf),
                                "file://" + os.path.abspath(page)])
    assert result.returncode == 0 and os.path.exists(pdf), f"chromium --print-to-pdf failed: {result.stderr[-2000:]}"
    with open(pdf, "rb") as f:
        return len(re.findall(rb"/Type\s*/Page[^s]", f.read()))


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children, self.text_parts = tag, dict(attrs), parent, [], []

    def text(self):
        return "".join(p if isinstance(p, str) else p.text() for p in self.text_parts)

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag=None, **attrs):
        for node in self.iter():
            if (tag is None or node.tag == tag) and all(
                    (v in node.attrs.get(k.rstrip("_"), "").split()) if k.endswith("_") else node.attrs.get(k) == v
                    for k, v in attrs.items()):
                yield node

    def find(self, tag=None, **attrs):
        return next(self.find_all(tag, **attrs), None)


class _Builder(html.parser.HTMLParser):
    VOID = {"br", "meta", "col", "img", "input", "hr", "link", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        self.current.text_parts.append(node)
        if tag not in self.VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        self.current.text_parts.append(node)

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text_parts.append(data)


def parse_dom(text):
    builder = _Builder()
    builder.feed(text)
    return builder.root


def read_png(path):
    """(width, height, rows of RGB(A) tuples' bytes) of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), f"unsupported PNG: depth {depth}, colour type {colour}"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        filter_type = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if filter_type == 1:
                line[i] = (line[i] + left) & 255
            elif filter_type == 2:
                line[i] = (line[i] + up) & 255
            elif filter_type == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif filter_type == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def ink_statistics(path, sample_every=4):
    """Share of sampled pixels that are not near-white, and how many distinct colours they have."""
    width, height, channels, rows = read_png(path)
    inked, total, colours = 0, 0, set()
    for y in range(0, height, sample_every):
        row = rows[y]
        for x in range(0, width, sample_every):
            r, g, b = row[x * channels:x * channels + 3]
            total += 1
            colours.add((r >> 3, g >> 3, b >> 3))
            if min(r, g, b) < 235:
                inked += 1
    return inked / total, len(colours)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)
