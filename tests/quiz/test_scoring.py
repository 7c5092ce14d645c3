"""Quiz arithmetic: right or wrong, points by speed, ranks; and the property that the live room's
tally and leaderboard always equal a recount of the responses as stored."""

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from poll_service.live.state import LiveQuestion, LiveRoom
from poll_service.question_types.quiz import QuizTally
from poll_service.question_types.quiz_scoring import (
    answer_score,
    is_correct,
    leaderboard,
    scoring_entries,
    speed_points,
)
from poll_service.question_types.registry import tally
from poll_service.quiz.rules import live_leaderboard

OPTIONS: list[dict[str, Any]] = [
    {"id": "a", "label": "A", "correct": True},
    {"id": "b", "label": "B"},
    {"id": "c", "label": "C", "correct": True},
]


def test_single_choice_any_right_option_counts() -> None:
    assert is_correct(OPTIONS, {}, ["a"]) and is_correct(OPTIONS, {}, ["c"])
    assert not is_correct(OPTIONS, {}, ["b"])
    assert not is_correct(OPTIONS, {}, ["a", "c"])  # one choice asked
    assert not is_correct(OPTIONS, {}, [])


def test_multi_select_needs_exactly_the_right_set() -> None:
    multi = {"multi_select": True}
    assert is_correct(OPTIONS, multi, ["c", "a"])
    assert not is_correct(OPTIONS, multi, ["a"])
    assert not is_correct(OPTIONS, multi, ["a", "b", "c"])


def test_points_fall_linearly_from_half_a_second_to_half_at_the_deadline() -> None:
    assert speed_points(1000, 0.0, 20) == 1000
    assert speed_points(1000, 0.5, 20) == 1000
    assert speed_points(1000, 20, 20) == 500
    assert speed_points(1000, 10.25, 20) == 750
    assert speed_points(1000, 99, 20) == 500  # never below half
    assert speed_points(1000, 3, 0.2) == 1000  # a limit too short to measure: full points


def test_score_is_zero_when_wrong_and_flat_without_speed_bonus() -> None:
    assert answer_score(False, {"points": 800}, elapsed_s=0.1, limit_s=20) == 0
    assert answer_score(True, {"points": 800, "speed_bonus": False}, elapsed_s=19, limit_s=20) == 800
    assert answer_score(True, {"points": 800}, elapsed_s=None, limit_s=20) == 800
    assert answer_score(True, {"points": 800}, elapsed_s=20, limit_s=20) == 400


def test_equal_totals_share_a_rank() -> None:
    board = leaderboard(
        [("p1", 900, None), ("p2", 500, None), ("p3", 500, None), ("p4", 100, None), ("p2", 0, None)],
        {"p1": "Zoe", "p2": "bob", "p3": "Ann"},
    )
    assert [(e["nickname"], e["rank"], e["score"]) for e in board] == [
        ("Zoe", 1, 900),
        ("Ann", 2, 500),
        ("bob", 2, 500),
        ("", 4, 100),
    ]
    assert board[2]["answered"] == 2


def test_equal_scores_go_to_the_faster_player_and_names_sort_as_people_read_numbers() -> None:
    names = {f"p{n}": f"Player {n}" for n in (1, 2, 3, 10, 12)}
    board = leaderboard(
        [
            ("p12", 1000, 900),
            ("p10", 1000, 400),  # the same points, sooner
            ("p3", 0, 300),  # a wrong answer's time does not count
            ("p3", 0, None),
            ("p2", 0, None),
            ("p1", 0, 5000),
        ],
        names,
    )
    assert [(e["nickname"], e["rank"], e["time_ms"]) for e in board] == [
        ("Player 10", 1, 400),
        ("Player 12", 2, 900),
        ("Player 1", 3, None),  # no points: a tie, listed 1, 2, 3 (not 1, 10, 12, 2)
        ("Player 2", 3, None),
        ("Player 3", 3, None),
    ]
    assert [e["nickname"] for e in scoring_entries(board)] == ["Player 10", "Player 12"]


# ----- property: live == recount -----
QUESTIONS = ["q1", "q2"]
PARTICIPANTS = [f"p{i}" for i in range(6)]
submission = st.tuples(
    st.sampled_from(QUESTIONS),
    st.sampled_from(PARTICIPANTS),
    st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=2, unique=True),
    st.integers(0, 1000),
)


def _live_room() -> LiveRoom:
    room = LiveRoom("r1")
    room.room = {"status": "live", "voting_open": False, "current_question_id": "q2", "settings": {}}
    room.set_questions(
        [LiveQuestion(q, "quiz", q, n, OPTIONS, {"points": 1000}) for n, q in enumerate(QUESTIONS)]
    )
    room.nicknames = {p: f"Player {p}" for p in PARTICIPANTS[:4]}
    return room


@settings(max_examples=150, deadline=None)
@given(st.lists(submission, max_size=40), st.integers(1, 5))
def test_live_tally_and_leaderboard_equal_a_recount(
    stream: list[tuple[str, str, list[str], int]], batch: int
) -> None:
    live = _live_room()
    stored: dict[tuple[str, str], dict[str, Any]] = {}  # what the database keeps: the last answer
    for start in range(0, len(stream), batch):
        items = []
        for question, participant, choices, score in stream[start : start + batch]:
            answer: dict[str, Any] = {
                "choice_ids": choices,
                "score": score if is_correct(OPTIONS, {}, choices) else 0,
            }
            stored[(question, participant)] = answer
            items.append([question, participant, 0, answer])
        live.apply({"k": "votes", "items": items})  # as the hub delivers them, in batches
    for question in QUESTIONS:
        recount = tally(
            "quiz", OPTIONS, [a for (q, _), a in stored.items() if q == question], {"points": 1000}
        )
        assert live.tallies[question].snapshot() == recount
        right = [
            a for (q, _), a in stored.items() if q == question and is_correct(OPTIONS, {}, a["choice_ids"])
        ]
        assert recount["correct_count"] == len(right)
    from poll_service.ids import utcnow

    board, _ = live_leaderboard(live, utcnow())  # voting closed: every question revealed
    expected: dict[str, int] = {}
    for (_, participant), answer in stored.items():
        expected[participant] = expected.get(participant, 0) + answer["score"]
    assert {e["participant_id"]: e["score"] for e in board} == expected
    assert [e["score"] for e in board] == sorted(expected.values(), reverse=True)
    assert all(e["rank"] == 1 + sum(1 for v in expected.values() if v > e["score"]) for e in board)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 5), st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3, unique=True)
        ),
        max_size=50,
    )
)
def test_quiz_tally_add_remove_equals_recount(stream: list[tuple[int, list[str]]]) -> None:
    live = QuizTally(OPTIONS, {"multi_select": True})
    latest: dict[int, dict[str, Any]] = {}
    for participant, choices in stream:
        if participant in latest:
            live.remove(latest[participant])
        latest[participant] = {"choice_ids": choices}
        live.add(latest[participant])
    assert live.snapshot() == tally("quiz", OPTIONS, latest.values(), {"multi_select": True})
