"""A content slide's text: a small Markdown subset (paragraphs, line breaks, *emphasis*,
**strong**, `code`, bullet and numbered lists) rendered to HTML by markdown-it-py with raw HTML
off. Everything else (headings, links, images, tags) stays literal, escaped text, so the HTML that
phones and screens set is only ever these few tags."""

from functools import lru_cache

from markdown_it import MarkdownIt

ALLOWED_RULES = ["emphasis", "list", "backticks", "newline"]


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("zero", {"html": False, "breaks": True}).enable(ALLOWED_RULES)


def render_markdown(text: str) -> str:
    return _parser().render(text).strip() if text.strip() else ""
