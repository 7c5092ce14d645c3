"""The websocket routes: presenter screens and phones following a live room."""
