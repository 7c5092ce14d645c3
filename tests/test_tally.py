"""Tallies: the live incremental count always equals a recount of the stored answers."""

from hypothesis import given
from hypothesis import strategies as st

from poll_service.responses.tally import ChoiceTally, tally

OPTIONS = [{"id": f"o{i}", "label": f"Option {i}"} for i in range(4)]
OPTION_IDS = [o["id"] for o in OPTIONS]


def test_counts_every_option_even_unchosen() -> None:
    result = tally("multiple_choice", OPTIONS, [{"choice_ids": ["o1"]}, {"choice_ids": ["o1", "o3"]}])
    assert result == {"counts": {"o0": 0, "o1": 2, "o2": 0, "o3": 1}}


def test_no_answers() -> None:
    assert tally("multiple_choice", OPTIONS, []) == {"counts": dict.fromkeys(OPTION_IDS, 0)}


def test_ignores_options_that_were_removed() -> None:
    assert tally("multiple_choice", OPTIONS[:2], [{"choice_ids": ["o3"]}]) == {"counts": {"o0": 0, "o1": 0}}


answers = st.lists(st.sampled_from(OPTION_IDS), min_size=1, max_size=4, unique=True).map(
    lambda ids: {"choice_ids": ids}
)
# A stream of (participant, answer) submissions: later ones replace earlier ones.
submissions = st.lists(st.tuples(st.integers(0, 6), answers), max_size=60)


@given(submissions)
def test_incremental_tally_equals_recount(stream: list[tuple[int, dict[str, list[str]]]]) -> None:
    live = ChoiceTally(OPTION_IDS)
    latest: dict[int, dict[str, list[str]]] = {}
    for participant, answer in stream:
        if participant in latest:
            live.remove(latest[participant])
        latest[participant] = answer
        live.add(answer)
    assert live.snapshot() == tally("multiple_choice", OPTIONS, latest.values())
    assert all(count >= 0 for count in live.snapshot()["counts"].values())
