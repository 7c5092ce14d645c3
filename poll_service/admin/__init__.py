"""The server's administration (docs/administration.md): database work only, no HTTP.

- `users.py`: the accounts: list and search, disable and enable, the role, delete with their data.
- `usage.py`: workspaces and what they hold; webhook deliveries.
- `audit_log.py`: every workspace's audit log and the administrators' own, filtered, as CSV.

The registration policy is in accounts/registration.py (sign-up reads it); the routes in
routes/admin.py and pages/admin.py let administrators only (accounts/auth.current_admin)."""
