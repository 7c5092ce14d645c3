"""Images organisers upload for a presentation (docs/media.md).

- `processing.py`: decoding an upload and re-encoding it with Pillow (pure, runs in a thread);
- `service.py`: storing, quota, listing, deleting, and checking the images a question places;
- `router.py`: the upload and list routes, and serving the bytes with long caching.
"""
