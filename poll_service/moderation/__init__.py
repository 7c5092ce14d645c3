"""Moderation of free text: the profanity filter, the approve-first queue and hidden words."""
