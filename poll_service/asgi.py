"""The ASGI app uvicorn imports in each worker process (settings from the environment)."""

import os

from poll_service.app import create_app

app = create_app(migrate=os.environ.get("POLL_MIGRATE_ON_START", "1") != "0")
