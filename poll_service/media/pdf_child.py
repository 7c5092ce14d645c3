"""The child process that renders a PDF (pdf_pages.render_pdf starts it): the PDF on standard
input, the most pages as its argument, the pages (or the refusal) on standard output."""

import resource
import sys

from poll_service.errors import PollError
from poll_service.media.pdf_pages import packed, render_pages

# Memory the renderer may take: a file built to make PDFium allocate without end stops here.
MEMORY_BYTES = 2 * 1024 * 1024 * 1024


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    data = sys.stdin.buffer.read()
    try:
        outcome = render_pages(data, int(sys.argv[1]))
    except PollError as exc:
        sys.stdout.buffer.write(packed(exc))
        return
    sys.stdout.buffer.write(packed(outcome))


if __name__ == "__main__":
    main()
