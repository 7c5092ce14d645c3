"""Quiz play (correct answers, countdown, scores, leaderboard) and audience-paced rooms.

See docs/quiz-and-self-paced.md. `scoring.py` is pure; `rules.py` answers questions about a live
room (is voting on this question open, is its answer revealed) and shapes what phones see;
`countdown.py` closes voting at the deadline on whichever worker gets there first."""
