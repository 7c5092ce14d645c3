"""Webhooks: an organiser's endpoints, the events queued for them in the same commit as the change
(`outbox`), and the worker that signs and sends them with retries (`sender`).

- `signing.py`: secrets and the Standard Webhooks signature (HMAC-SHA256 over id.timestamp.body).
- `addresses.py`: which URLs an endpoint may have (no private, loopback or link-local addresses
  unless the operator allows them).
- `endpoints.py`: registering, listing, changing and removing endpoints; their delivery log.
- `outbox.py`: the events and their bodies, queued as delivery rows inside a unit of work.
- `sender.py`: claiming due deliveries (one worker each, on any number of nodes) and sending them.
"""
