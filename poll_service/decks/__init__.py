"""Reuse of decks: duplicating a presentation, a deck as a JSON document (export and import),
questions from a spreadsheet, and the built-in templates.

- `document.py`: the deck document (versioned, validated) and where a wrong field is.
- `building.py`: a new presentation or new questions from validated input, errors named by field.
- `duplicate.py`: a copy of a presentation, with or without its rooms and answers.
- `spreadsheet.py`: one question per row of a CSV or XLSX file (pure, run beside the loop).
- `templates.py`: the built-in templates (deck documents in `templates/`), per language.
- `schemas.py`, `router.py`: the routes' bodies and the routes.
"""
