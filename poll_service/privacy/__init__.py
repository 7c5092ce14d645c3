"""Privacy and presenter tools against abuse: removing a participant, deleting a room, anonymous
rooms, the retention purge and the flood meter. See docs/security.md."""
