"""Draws themes/haven/static/favicon.ico: a house in white on the theme's accent blue
(#1a4480, the --accent of style.css), in 16x16, 32x32 and 48x48 (PNG images in an ICO file). Made here, with no image
library and no third-party artwork, so the icon is the project's own.

Run from the repository root: python3 docs/favicon.py
"""
import struct
import zlib

ACCENT = (0x1A, 0x44, 0x80)
WHITE = (0xFF, 0xFF, 0xFF)


def inside_house(x, y):
    """The house on a 1x1 square: a roof (triangle), a body and a door left open."""
    roof = 0.16 <= y <= 0.50 and abs(x - 0.5) <= (y - 0.16) / 0.34 * 0.36
    body = 0.48 <= y <= 0.84 and 0.24 <= x <= 0.76
    door = 0.60 <= y <= 0.84 and 0.43 <= x <= 0.57
    return (roof or body) and not door


def inside_tile(x, y):
    """A square with rounded corners (radius 0.18) filling the icon."""
    r = 0.18
    cx = min(max(x, r), 1 - r)
    cy = min(max(y, r), 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def pixel(size, px, py):
    """Colour and coverage of one pixel, sampled 4x4 for smooth edges."""
    n = 4
    tile = house = 0
    for sy in range(n):
        for sx in range(n):
            x = (px + (sx + 0.5) / n) / size
            y = (py + (sy + 0.5) / n) / size
            if inside_tile(x, y):
                tile += 1
                house += inside_house(x, y)
    if tile == 0:
        return (0, 0, 0, 0)
    t = house / tile
    rgb = tuple(round(a * (1 - t) + w * t) for a, w in zip(ACCENT, WHITE))
    return rgb + (round(255 * tile / (n * n)),)


def png(size):
    """One icon image as a PNG (ICO files may hold PNGs; they are a fraction of a BMP's size)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(
        b"\0" + b"".join(bytes(pixel(size, px, py)) for px in range(size)) for py in range(size)
    )
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico(sizes):
    images = [png(s) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for s, data in zip(sizes, images):
        out += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(images)


if __name__ == "__main__":
    with open("themes/haven/static/favicon.ico", "wb") as f:
        f.write(ico([16, 32, 48]))
