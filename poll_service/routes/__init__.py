"""The HTTP layer: one module of FastAPI routes per domain package, mounted by the app alone.

A route parses the request, asks who is calling (`accounts.auth`), calls one use case of its
domain package and shapes the answer. Keeping them here, above every domain package, means a
domain package never imports HTTP and the packages form no import cycle.
"""
