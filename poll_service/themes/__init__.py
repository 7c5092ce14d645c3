"""Presentation themes: colours and a font for the presenter screen, the phone page and the shared
results page, held to WCAG AA contrast when saved (docs/themes.md).

`contrast` is the pure rule (no I/O), `palette` turns a theme into the pages' CSS custom
properties, `schemas` is what the API takes, `service` stores themes and organisers' defaults."""
