"""An upload decoded and re-encoded with Pillow, so what is stored and served is a plain picture
made here, never the bytes that came in: metadata (EXIF and its GPS position, comments, ICC
profiles), trailing data (a script appended to a "polyglot") and extra frames are gone.

Pure and slow: callers run `reencode` in a worker thread, never on the event loop."""

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from poll_service.errors import InvalidInput, UnsupportedMediaType

# What an organiser may upload, as declared types and as formats Pillow finds in the bytes.
ACCEPTED_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif"})
ACCEPTED_FORMATS = frozenset({"PNG", "JPEG", "WEBP", "GIF"})
NOT_ACCEPTED = "not an accepted image type: upload a PNG, JPEG, WebP or GIF (SVG is not accepted)"

# The picture for screens fits in this square; the phone's fits a 390 px wide phone at 2x.
SCREEN_SIDE = 1920
PHONE_SIDE = 780
# A question's image on a phone on slow 3G: its variant stays below this (lower quality first),
# so the question page and its picture together stay under 120 KB.
PHONE_BUDGET_BYTES = 64 * 1024


@dataclass(frozen=True)
class Variant:
    content_type: str
    width: int
    height: int
    data: bytes

    @property
    def etag(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Encoded:
    screen: Variant
    phone: Variant


def declared_type(content_type: str | None) -> str:
    """The upload's declared media type, if it is one we take (else 415)."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media not in ACCEPTED_TYPES:
        raise UnsupportedMediaType(NOT_ACCEPTED)
    return media


def reencode(data: bytes, max_pixels: int) -> Encoded:
    """The upload as a screen picture and a phone picture, or a 415/422 saying what is wrong."""
    picture = _decode(data, max_pixels)
    keeps_alpha = picture.mode in ("RGBA", "LA") or "transparency" in picture.info
    return encoded_picture(picture.convert("RGBA" if keeps_alpha else "RGB"), keeps_alpha)


def encoded_picture(picture: Image.Image, keeps_alpha: bool = False) -> Encoded:
    """A decoded picture (RGB, or RGBA with `keeps_alpha`) as its screen and phone variants: an
    upload's, or a PDF page's (pdf_pages.py)."""
    screen = _fit(picture, SCREEN_SIDE)
    return Encoded(_screen_variant(screen, keeps_alpha), _phone_variant(_fit(screen, PHONE_SIDE)))


def _decode(data: bytes, max_pixels: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data))
            if picture.format not in ACCEPTED_FORMATS:
                raise UnsupportedMediaType(NOT_ACCEPTED)
            width, height = picture.size
            # The header's size, checked before a single pixel is decoded.
            if width * height > max_pixels:
                raise InvalidInput(
                    f"the image is {width} x {height} pixels; at most {max_pixels} pixels are accepted"
                )
            picture.seek(0)  # an animation (GIF, animated WebP or PNG): its first frame
            picture.load()
            upright = ImageOps.exif_transpose(picture)
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InvalidInput(_unreadable(exc)) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        # Pillow's word for a truncated or corrupt file.
        raise InvalidInput(f"the image could not be decoded (truncated or damaged): {exc}") from None
    return upright if upright is not None else picture


def _unreadable(exc: Exception) -> str:
    if isinstance(exc, UnidentifiedImageError):
        return "the upload is not an image that can be decoded"
    return "the image decodes to too many pixels"


def _fit(picture: Image.Image, side: int) -> Image.Image:
    if max(picture.size) <= side:
        return picture
    copy = picture.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    return copy


def _screen_variant(picture: Image.Image, keeps_alpha: bool) -> Variant:
    """Lossless PNG for drawings with transparency, JPEG for everything else (photos)."""
    out = io.BytesIO()
    if keeps_alpha:
        picture.save(out, "PNG", optimize=True)
        return Variant("image/png", *picture.size, out.getvalue())
    picture.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return Variant("image/jpeg", *picture.size, out.getvalue())


def _phone_variant(picture: Image.Image) -> Variant:
    """WebP (every phone browser of the last years shows it), at the best quality that keeps it
    within the phone budget; a busy picture is made smaller still."""
    for quality in (75, 60, 45):
        data = _webp(picture, quality)
        if len(data) <= PHONE_BUDGET_BYTES:
            return Variant("image/webp", *picture.size, data)
    smaller = _fit(picture, PHONE_SIDE // 2)
    return Variant("image/webp", *smaller.size, _webp(smaller, 45))


def _webp(picture: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    picture.save(out, "WEBP", quality=quality, method=4)
    return out.getvalue()
