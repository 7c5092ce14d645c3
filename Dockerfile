# syntax=docker/dockerfile:1
# poll-service image: `docker compose up -d --build` (see docs/deployment.md) or
#   docker build -t poll-service . && docker run -p 8000:8000 -v poll-data:/data poll-service
# (a single container like that uses the SQLite file in /data; the compose stack uses PostgreSQL).

# ---- build: install the package and its dependencies into a virtualenv ----
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# The build context is filtered by .dockerignore (no .git, tests, .env, databases).
# migrations/ and frontend/ are bundled into the wheel by pyproject.toml.
COPY . .
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install .

# ---- runtime: the virtualenv only, run by an unprivileged user ----
FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN groupadd --system --gid 10001 poll \
    && useradd --system --uid 10001 --gid poll --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin poll \
    && mkdir /data \
    && chown poll:poll /data
COPY --from=build /opt/venv /opt/venv
# The working directory is the only writable place: the default SQLite file lives here when
# POLL_DATABASE_URL is not set.
WORKDIR /data
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["poll-service", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
