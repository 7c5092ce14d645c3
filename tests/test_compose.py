"""The Docker deployment files: docker-compose.yml, Dockerfile, deploy/Caddyfile.

Docker does not run on the development or CI machines, so these tests check the structure that
operators depend on (health-gated start-up, several replicas, no default secrets, a proxy that
carries websockets). Where the `caddy` binary or the `docker compose` plugin is installed, the
real tools validate the files too; otherwise those tests skip and say why.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
CADDYFILE = ROOT / "deploy" / "Caddyfile"
ENV_EXAMPLE = ROOT / "deploy" / "env.example"
DEPLOYMENT_DOC = ROOT / "docs" / "deployment.md"

# Values that must come from the operator: compose refuses to start without them.
REQUIRED_VARS = ("POSTGRES_PASSWORD", "POLL_SECRET_KEY", "POLL_PUBLIC_URL")
APP_ENV_NAMES = ("POLL_DATABASE_URL", "POLL_REDIS_URL", "POLL_SECRET_KEY", "POLL_PUBLIC_URL")
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|_KEY\b")
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<rest>[^}]*)\}")

DUMMY_ENV = {
    "POSTGRES_PASSWORD": "0123456789abcdef0123456789abcdef",
    "POLL_SECRET_KEY": "fedcba9876543210fedcba9876543210fedcba98",
    "POLL_PUBLIC_URL": "https://poll.example.org",
}


# ---------------------------------------------------------------- helpers


def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(data, dict)
    return data


def service(name: str) -> dict[str, Any]:
    services = compose()["services"]
    assert name in services, f"docker-compose.yml has no `{name}` service"
    return services[name]


def environment(svc: dict[str, Any]) -> dict[str, str | None]:
    env = svc.get("environment") or {}
    if isinstance(env, list):  # the `- KEY=value` form
        return {k: v for k, _, v in (item.partition("=") for item in env)}
    return {k: (None if v is None else str(v)) for k, v in env.items()}


def interpolation_default(value: str) -> int:
    """`${NAME:-5}` -> 5, `7` -> 7."""
    match = re.fullmatch(r"\$\{[A-Za-z0-9_]+:?-(\d+)\}|(\d+)", value.strip())
    assert match, f"expected a number or ${{VAR:-number}}, got {value!r}"
    return int(match.group(1) or match.group(2))


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        keyword, _, args = line.partition(" ")
        instructions.append((keyword.upper(), args.strip()))
    assert not pending, "Dockerfile ends in a line continuation"
    return instructions


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile_instructions()
    last_from = max(i for i, (kw, _) in enumerate(instructions) if kw == "FROM")
    return instructions[last_from:]


def exec_form(args: str) -> list[str]:
    """The JSON (exec) form of CMD/HEALTHCHECK CMD; the shell form is split like a shell would."""
    args = args.strip()
    if args.startswith("["):
        parsed = json.loads(args)
        assert isinstance(parsed, list)
        return [str(part) for part in parsed]
    return shlex.split(args)


def image_cmd() -> list[str]:
    cmds = [args for kw, args in final_stage() if kw == "CMD"]
    assert cmds, "the Dockerfile's final stage has no CMD"
    return exec_form(cmds[-1])


def healthcheck_text(svc: dict[str, Any]) -> str:
    test = svc["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(str(part) for part in test)


def reverse_proxy_handlers(node: Any) -> list[dict[str, Any]]:
    """Every reverse_proxy handler anywhere in an adapted Caddy JSON config."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("handler") == "reverse_proxy":
            found.append(node)
        for value in node.values():
            found += reverse_proxy_handlers(value)
    elif isinstance(node, list):
        for value in node:
            found += reverse_proxy_handlers(value)
    return found


def container_ports(svc: dict[str, Any]) -> set[int]:
    ports: set[int] = set()
    for entry in svc.get("ports") or []:
        if isinstance(entry, dict):
            ports.add(int(entry["target"]))
        else:
            ports.add(int(str(entry).split("/")[0].rsplit(":", 1)[-1]))
    return ports


# ---------------------------------------------------------------- services and start-up order


def test_compose_defines_the_whole_topology() -> None:
    services = compose()["services"]
    assert {"db", "redis", "app", "proxy"} <= set(services)


def test_postgres_has_a_healthcheck_and_keeps_its_data_in_a_named_volume() -> None:
    db = service("db")
    assert str(db["image"]).startswith("postgres:16")
    assert "pg_isready" in healthcheck_text(db)
    volume_names = {
        str(v).split(":", 1)[0] for v in db.get("volumes", []) if str(v).endswith(":/var/lib/postgresql/data")
    }
    assert volume_names, "PostgreSQL's data directory is not on a volume"
    assert volume_names <= set(compose().get("volumes") or {}), "use a named volume for db data"


def test_redis_has_a_healthcheck() -> None:
    redis = service("redis")
    assert str(redis["image"]).startswith("redis:7")
    text = healthcheck_text(redis)
    assert "redis-cli" in text and "ping" in text


@pytest.mark.parametrize("dependency", ["db", "redis"])
def test_app_waits_until_db_and_redis_are_healthy(dependency: str) -> None:
    depends_on = service("app")["depends_on"]
    assert isinstance(depends_on, dict), "use the long depends_on form with conditions"
    assert depends_on[dependency]["condition"] == "service_healthy"


def test_migrations_run_once_before_the_replicas_start() -> None:
    migrate = service("migrate")
    command = migrate["command"]
    command = command if isinstance(command, list) else shlex.split(command)
    assert command == ["poll-service", "db", "upgrade"]
    assert migrate.get("restart") in ("no", None)
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert service("app")["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    # Same image and the same settings as the app, so it migrates the database the app uses.
    assert migrate["image"] == service("app")["image"]
    assert environment(migrate)["POLL_DATABASE_URL"] == environment(service("app"))["POLL_DATABASE_URL"]


def test_app_runs_several_replicas() -> None:
    app = service("app")
    replicas = (app.get("deploy") or {}).get("replicas", app.get("scale", 1))
    assert interpolation_default(str(replicas)) >= 2
    assert "container_name" not in app, "a fixed container name prevents replicas"


def test_app_is_reachable_only_through_the_proxy() -> None:
    # The app trusts X-Forwarded-* (FORWARDED_ALLOW_IPS), which is only safe while no port of
    # its own is published.
    assert not service("app").get("ports")
    assert container_ports(service("proxy")) >= {80, 443}


def test_app_has_a_healthcheck_on_health() -> None:
    assert "/health" in healthcheck_text(service("app"))


# ---------------------------------------------------------------- settings and secrets


def test_app_settings_use_the_service_environment_names() -> None:
    env = environment(service("app"))
    for name in APP_ENV_NAMES:
        assert name in env, f"app is missing {name}"
    assert env["POLL_ENVIRONMENT"] == "production"
    assert env["POLL_REDIS_URL"] == "redis://redis:6379/0"
    database_url = env["POLL_DATABASE_URL"] or ""
    assert re.fullmatch(
        r"postgresql\+asyncpg://poll:\$\{POSTGRES_PASSWORD:\?[^}]*\}@db(:5432)?/poll", database_url
    ), database_url
    assert env.get("FORWARDED_ALLOW_IPS"), "uvicorn must trust the proxy's X-Forwarded-For"


def test_required_values_have_no_defaults() -> None:
    text = COMPOSE_FILE.read_text()
    seen: set[str] = set()
    for match in INTERPOLATION.finditer(text):
        name, rest = match["name"], match["rest"]
        if name in REQUIRED_VARS or SECRET_NAME.search(name):
            assert rest.startswith(":?") and len(rest) > 2, (
                f"{match[0]} must be ${{{name}:?message}}: no default, and say what to set"
            )
            seen.add(name)
    assert seen >= set(REQUIRED_VARS)
    # An unbraced $NAME cannot carry `:?`, so it would silently become an empty string.
    assert not re.search(r"\$[A-Za-z_]", text)


@pytest.mark.parametrize("name", ["app", "migrate", "db", "proxy"])
def test_no_secret_is_written_into_the_compose_file(name: str) -> None:
    for key, value in environment(service(name)).items():
        if SECRET_NAME.search(key):
            assert value is not None and re.fullmatch(r"\$\{[A-Z0-9_]+:\?[^}]+\}", value), (
                f"{name}.{key} must come from ${{{key}:?...}}, not from the file"
            )
    assert environment(service("db"))["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")


def test_database_connections_fit_under_max_connections() -> None:
    """replicas x workers x (pool + overflow) must stay below PostgreSQL's max_connections."""
    app = service("app")
    env = environment(app)
    replicas = interpolation_default(str(app["deploy"]["replicas"]))
    command = app.get("command") or image_cmd()
    command = command if isinstance(command, list) else shlex.split(command)
    workers = int(command[command.index("--workers") + 1]) if "--workers" in command else 1
    per_worker = interpolation_default(env["POLL_DB_POOL_SIZE"] or "") + interpolation_default(
        env["POLL_DB_MAX_OVERFLOW"] or ""
    )
    db_command = service("db").get("command") or []
    db_command = " ".join(db_command) if isinstance(db_command, list) else db_command
    found = re.search(r"max_connections=(\d+)", db_command)
    max_connections = int(found.group(1)) if found else 100  # PostgreSQL's default
    # Headroom: the migration job, `docker compose exec` commands, an operator's psql, backups.
    assert replicas * workers * per_worker + 10 <= max_connections


# ---------------------------------------------------------------- reverse proxy


def test_proxy_is_caddy_with_the_repository_caddyfile() -> None:
    proxy = service("proxy")
    assert str(proxy["image"]).startswith("caddy:2")
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert any(str(v).endswith(":/data") for v in proxy["volumes"]), (
        "Caddy's /data holds the certificates: keep it on a volume"
    )
    assert environment(proxy)["POLL_PUBLIC_URL"].startswith("${POLL_PUBLIC_URL:?")


def caddyfile_directives() -> str:
    """The Caddyfile without comments."""
    lines = (line.split("#", 1)[0].rstrip() for line in CADDYFILE.read_text().splitlines())
    return "\n".join(line for line in lines if line)


def test_caddy_serves_the_public_url_and_proxies_to_every_app_replica() -> None:
    text = caddyfile_directives()
    assert re.search(r"^\{\$POLL_PUBLIC_URL\}\s*\{", text, re.MULTILINE), (
        "the site address must be POLL_PUBLIC_URL, so certificates match the join links"
    )
    assert "reverse_proxy" in text
    dynamic = re.search(r"dynamic\s+a\s*\{(?P<body>[^}]*)\}", text)
    if dynamic:  # DNS-discovered replicas: `--scale app=N` needs no edit
        assert re.search(r"^\s*name\s+app\s*$", dynamic["body"], re.MULTILINE)
        assert re.search(r"^\s*port\s+8000\s*$", dynamic["body"], re.MULTILINE)
    else:
        assert re.search(r"reverse_proxy\s+(http://)?app:8000", text)


def test_caddy_keeps_websockets_working() -> None:
    # Caddy upgrades websockets by itself; these settings would break or cut long-lived sockets.
    text = caddyfile_directives()
    assert not re.search(r"header_up\s+-(Upgrade|Connection)\b", text, re.IGNORECASE)
    assert "stream_timeout" not in text
    assert "buffer_responses" not in text and "response_buffers" not in text


CADDY = shutil.which("caddy")


@pytest.mark.skipif(CADDY is None, reason="the caddy binary is not installed (apt-get install caddy)")
@pytest.mark.parametrize(
    ("public_url", "host", "listen"),
    [
        ("https://poll.example.org", "poll.example.org", ":443"),
        ("http://localhost", "localhost", ":80"),
    ],
)
def test_caddy_adapts_the_caddyfile(public_url: str, host: str, listen: str) -> None:
    assert CADDY is not None
    result = subprocess.run(
        [CADDY, "adapt", "--config", str(CADDYFILE), "--adapter", "caddyfile", "--validate"],
        env={
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", "/tmp"),
            "POLL_PUBLIC_URL": public_url,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    (server,) = config["apps"]["http"]["servers"].values()
    assert server["listen"] == [listen]
    (route,) = server["routes"]
    assert route["match"] == [{"host": [host]}]
    (proxy,) = reverse_proxy_handlers(route["handle"])
    dynamic = proxy.get("dynamic_upstreams")
    if dynamic:
        assert (dynamic["source"], dynamic["name"], str(dynamic["port"])) == ("a", "app", "8000")
    else:
        assert proxy["upstreams"] == [{"dial": "app:8000"}]


def test_nginx_example_in_the_docs_upgrades_websockets() -> None:
    """Operators who put the app behind their own nginx copy this block."""
    doc = DEPLOYMENT_DOC.read_text()
    if "proxy_pass" not in doc:
        pytest.skip("the deployment guide shows no nginx configuration")
    assert "proxy_http_version 1.1" in doc
    assert "proxy_set_header Upgrade $http_upgrade" in doc
    assert re.search(r"proxy_set_header Connection \$connection_upgrade|\"upgrade\"", doc)
    assert re.search(r"proxy_read_timeout\s+(\d+)(h|m)", doc)


# ---------------------------------------------------------------- image


def test_image_is_python_311_slim_and_installs_the_package() -> None:
    froms = [args.split()[0] for kw, args in dockerfile_instructions() if kw == "FROM"]
    assert froms and all(image == "python:3.11-slim" for image in froms)
    runs = " ".join(args for kw, args in dockerfile_instructions() if kw == "RUN")
    assert re.search(r"pip install \.(\s|$)", runs)


def test_image_runs_as_an_unprivileged_user() -> None:
    users = [args for kw, args in final_stage() if kw == "USER"]
    assert users, "the final stage never switches away from root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    # Nothing after USER may switch back.
    after = final_stage()[[kw for kw, _ in final_stage()].index("USER") :]
    assert all(kw != "USER" or args.split(":")[0] not in ("root", "0") for kw, args in after)


def test_image_serves_on_all_interfaces_with_several_workers() -> None:
    cmd = image_cmd()
    assert cmd[:2] == ["poll-service", "serve"]
    assert cmd[cmd.index("--host") + 1] == "0.0.0.0"
    assert cmd[cmd.index("--port") + 1] == "8000"
    assert int(cmd[cmd.index("--workers") + 1]) >= 2


def test_image_healthcheck_asks_health() -> None:
    checks = [args for kw, args in final_stage() if kw == "HEALTHCHECK"]
    assert checks, "the image has no HEALTHCHECK"
    assert "CMD" in checks[-1] and "/health" in checks[-1] and "urllib" in checks[-1]


def test_build_context_leaves_out_secrets_and_local_state() -> None:
    patterns = {
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", ".env", ".poll-secret", "*.db"} <= patterns


# ---------------------------------------------------------------- documentation


def test_deployment_guide_and_env_example_name_every_required_value() -> None:
    doc = DEPLOYMENT_DOC.read_text()
    example = ENV_EXAMPLE.read_text()
    for name in REQUIRED_VARS:
        assert name in doc
        assert re.search(rf"^{name}=", example, re.MULTILINE), f"env.example lacks {name}"
    # The example must not ship usable secrets.
    for name in ("POSTGRES_PASSWORD", "POLL_SECRET_KEY"):
        assert re.search(rf"^{name}=\s*$", example, re.MULTILINE)
    for phrase in (
        "docker compose up -d --build",
        "--scale app=",
        "POLL_ALLOW_REGISTRATION=false",
        "poll-service user create",
        "POLL_DB_POOL_SIZE",
        "POLL_DB_MAX_OVERFLOW",
        "--workers 2",
        "pg_dump",
    ):
        assert phrase in doc, f"docs/deployment.md does not mention {phrase!r}"


# ---------------------------------------------------------------- docker compose itself


def compose_cli_available() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def clean_environment() -> dict[str, str]:
    """This process's environment without anything that would feed the compose file."""
    return {
        key: value
        for key, value in os.environ.items()
        if key not in DUMMY_ENV and not key.startswith(("POLL_", "COMPOSE_"))
    }


def run_compose_config(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    empty_env_file = tmp_path / "empty.env"  # ignore a developer's own .env
    empty_env_file.write_text("")
    return subprocess.run(
        [
            "docker",
            "compose",
            "--project-directory",
            str(ROOT),
            "-f",
            str(COMPOSE_FILE),
            "--env-file",
            str(empty_env_file),
            "config",
            "-q",
        ],
        env={**clean_environment(), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


needs_compose = pytest.mark.skipif(
    not compose_cli_available(),
    reason="the `docker compose` CLI plugin is not installed (no Docker engine is needed)",
)


@needs_compose
def test_docker_compose_accepts_the_file(tmp_path: Path) -> None:
    result = run_compose_config(tmp_path, DUMMY_ENV)
    assert result.returncode == 0, result.stderr


@needs_compose
@pytest.mark.parametrize("missing", REQUIRED_VARS)
def test_docker_compose_refuses_to_run_without_a_required_value(tmp_path: Path, missing: str) -> None:
    env = {k: v for k, v in DUMMY_ENV.items() if k != missing}
    result = run_compose_config(tmp_path, env)
    assert result.returncode != 0
    assert missing in result.stderr
