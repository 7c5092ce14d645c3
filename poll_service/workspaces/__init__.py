"""Workspaces: members and their roles, invitations by link (and e-mail), and the audit log.
The role checks themselves are in accounts/access.py, the one authorisation layer."""
