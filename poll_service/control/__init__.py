"""The presenter's controls: one route, one use case that moves a room (rooms/), its quiz clock
(quiz/actions.py) and an anonymous room's answers (privacy/) in one commit."""
