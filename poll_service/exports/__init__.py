"""Exports: PDF summary, CSV and XLSX files, and the shared read-only results page."""
