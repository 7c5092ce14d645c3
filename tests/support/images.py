"""Pictures for the upload tests, made with Pillow: plain ones and hostile ones."""

import io
import struct
import zlib

from PIL import Image


def picture(
    fmt: str = "PNG", size: tuple[int, int] = (64, 48), colour: str = "teal", **save: object
) -> bytes:
    """A small picture in `fmt`, with a pattern so it is not one flat colour."""
    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 8):
        for y in range(0, size[1], 8):
            image.putpixel((x, y), (255, 200, 0))
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def photo(size: tuple[int, int] = (3000, 2000)) -> bytes:
    """A busy JPEG of camera size: noise, so compression has to work for every byte."""
    image = Image.effect_noise(size, 64).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def with_gps_exif() -> bytes:
    """A JPEG that says where it was taken (EXIF GPS: 52.37 N, 4.89 E) and who took it."""
    image = Image.new("RGB", (80, 60), "navy")
    exif = Image.Exif()
    exif[0x013B] = "Ada Lovelace"  # Artist
    gps = {1: "N", 2: (52.0, 22.0, 12.0), 3: "E", 4: (4.0, 53.0, 24.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG of a few hundred bytes whose header claims width x height pixels: a decoder that
    believed it would allocate tens of gigabytes."""
    small = picture("PNG", (1, 1))
    ihdr_at = small.index(b"IHDR")
    fields = bytearray(small[ihdr_at + 4 : ihdr_at + 17])
    fields[0:8] = struct.pack(">II", width, height)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(fields)) & 0xFFFFFFFF)
    return small[: ihdr_at + 4] + bytes(fields) + crc + small[ihdr_at + 21 :]


def animated_gif() -> bytes:
    """Three frames: red, green, blue; the upload keeps the first."""
    frames = [Image.new("RGB", (40, 40), c) for c in ("red", "lime", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
POLYGLOT_TAIL = b"<html><script>alert(document.cookie)</script></html>"
