"""Loaded by the schemathesis run (SCHEMATHESIS_HOOKS): a body for the media types it has no
serializer of. A PDF deck's body is the PDF's bytes, sent as they are, as for any binary body."""

import schemathesis

schemathesis.serializer.alias("application/pdf", "application/octet-stream")
