"""Question types: each in one module of its own, all registered in one list (registry.py).

A type module holds everything the server knows of its type: its settings (with defaults), the
answer a phone sends and how it is checked, its tally (one answer in, one out, and a snapshot),
and examples of valid and invalid answers that the conformance test (tests/test_type_conformance.py)
runs every registered type through. How to add a type: docs/question-types.md.
"""
