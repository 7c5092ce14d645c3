"""The browser half of the conformance test (tests/test_type_conformance.py): every registered
question type, created with its defaults and answered with its example answers, is drawn by the
presenter screen (its own chart, the answers counted), by a phone with scripts (its own form) and
by a phone without scripts (the server's form), without a script error. A new type is tested here
by registering it."""

import pytest
from playwright.async_api import Browser, expect

from poll_service.question_types.base import QuestionType
from poll_service.question_types.registry import TYPES
from tests.conftest import LiveServer
from tests.e2e.pages import new_typed_event, open_presenter, phone_context, watch_errors
from tests.helpers import join

pytestmark = pytest.mark.browser

# What a phone's form offers to answer with.
ANSWER_FIELDS = "#vote-form fieldset :is(input:not([type=hidden]), textarea, select, button)"


@pytest.mark.parametrize("qtype", TYPES, ids=[t.name for t in TYPES])
async def test_every_type_is_drawn_by_the_presenter_and_the_phones(
    qtype: QuestionType, live_server: LiveServer, browser: Browser
) -> None:
    async with live_server.client() as http:
        prompt = f"What do you say, {qtype.name.replace('_', ' ')}?"
        event = await new_typed_event(http, [{"type": qtype.name, "prompt": prompt, **qtype.examples.create}])
        question = event.presentation["questions"][0]

        presenter = await open_presenter(browser, live_server, event)
        errors = watch_errors(presenter)
        chart = presenter.locator("#chart")
        await expect(presenter.locator("#prompt")).to_have_text(prompt)
        await expect(chart).not_to_contain_text("does not show its results here")
        assert (await chart.get_attribute("class") or "").strip() != "chart"  # the type's own view

        answers = qtype.examples.valid(question["options"])
        for answer in answers:
            phone = await join(http, event.code)
            r = await http.post(
                f"/api/join/{event.code}/responses",
                json={"question_id": question["id"], **answer},
                headers=phone.headers,
            )
            assert r.status_code == 201, r.text
        await expect(presenter.locator("#answered")).to_have_text(str(len(answers)))

        for scripts in (True, False):
            context = await phone_context(browser, scripts=scripts)
            newcomer = await join(http, event.code)
            await context.add_cookies(
                [{"name": "poll_participant", "value": newcomer.token, "url": live_server.url}]
            )
            page = await context.new_page()
            errors += watch_errors(page)
            await page.goto(f"{live_server.url}/{event.code}")
            if not qtype.answered:  # a content slide, the Q&A item: its own words, never a form
                await expect(page.locator(f".shown-only[data-type={qtype.name}]")).to_contain_text(prompt)
                await expect(page.locator("#vote-form")).to_have_count(0)
                await context.close()
                continue
            form = page.locator(f"#vote-form[data-type={qtype.name}]")
            await expect(form).to_be_visible()
            await expect(form).to_contain_text(prompt)
            await expect(page.locator(ANSWER_FIELDS).first).to_be_visible()
            if not scripts:  # with scripts, one tap may be the whole answer (a single choice)
                await expect(page.locator("#vote-form .send")).to_be_visible()
            await context.close()
        await presenter.context.close()
    assert errors == []
