"""HTML pages (placeholder until the frontend lands)."""

from fastapi import FastAPI


def install_pages(app: FastAPI) -> None:
    return None
