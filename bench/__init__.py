"""Load generators, the bare baseline and the runner behind `python -m bench` (see README.md)."""
