"""Rendering a PDF's pages: the picture's size whatever the page declares, the text for alt
text, and one render at a time with a short queue (503 past it)."""

import asyncio

import pytest

from poll_service.errors import InvalidInput, ServiceBusy
from poll_service.media.pdf_pages import RenderGate, render_pages, render_pdf
from tests.support.pdfs import talk


def test_a_page_of_absurd_size_is_drawn_no_larger_than_the_projector() -> None:
    poster = render_pages(talk(1, size=(14400, 14400)), 5).pages[0].picture.screen
    assert (poster.width, poster.height) == (1920, 1920)
    sliver = render_pages(talk(1, size=(3, 14400)), 5).pages[0].picture.screen
    assert sliver.height == 1920 and sliver.width <= 2
    portrait = render_pages(talk(1, size=(595, 842)), 5).pages[0].picture.screen
    assert (portrait.width, portrait.height) == (1357, 1920)


def test_the_child_process_gives_the_same_pages_as_rendering_here() -> None:
    data = talk(3)
    here, there = render_pages(data, 5), render_pdf(data, 5, 60)
    assert (
        [p.text for p in there.pages]
        == [p.text for p in here.pages]
        == [f"{n} Slide {n} about reading" for n in (1, 2, 3)]
    )
    assert [p.picture for p in there.pages] == [p.picture for p in here.pages]


def test_a_render_past_its_time_is_killed_and_refused() -> None:
    with pytest.raises(InvalidInput, match=r"took longer than 0\.05 s to render"):
        render_pdf(talk(20), 200, 0.05)  # the child's interpreter alone takes longer to start


async def test_one_render_at_a_time_and_a_busy_answer_past_the_queue() -> None:
    gate = RenderGate(queue=1)
    release = asyncio.Event()
    inside: list[int] = []

    async def render(n: int) -> None:
        async with gate.slot():
            inside.append(n)
            await release.wait()

    running = asyncio.create_task(render(1))
    waiting = asyncio.create_task(render(2))
    while gate.admitted < 2:  # both let in: the first renders, the second waits for it
        await asyncio.sleep(0)
    assert inside == [1]
    with pytest.raises(ServiceBusy) as refused:
        async with gate.slot():
            pass
    assert refused.value.headers == {"Retry-After": "10"}
    release.set()
    await asyncio.gather(running, waiting)
    assert inside == [1, 2]
    async with gate.slot():  # the queue is free again
        pass
