"""The audience Q&A panel: questions from the floor, upvotes, answered/hidden, live beside the slides."""
