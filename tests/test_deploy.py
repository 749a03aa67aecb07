"""deploy/: the files an organisation runs are parsed, linted and checked against each other.

Docker's daemon is not available on the test machine, so the image is not
built here; `docker compose config` (or docker-compose) validates the compose
file when installed, HAProxy checks its configuration, systemd-analyze the units.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from tests.support.cli import run_cli
from workshop_cli import haproxy

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
COMPOSE_RENDER = {"bind": ":8080", "stats_socket": "/tmp/haproxy.sock"}
HAS_HAPROXY = bool(shutil.which("haproxy") or Path("/usr/sbin/haproxy").exists())


def _compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def _app_services(compose: dict) -> list[str]:
    return sorted(name for name in compose["services"] if re.fullmatch(r"app\d+", name))


def test_compose_services_and_healthchecks() -> None:
    services = _compose()["services"]
    apps = _app_services(_compose())
    assert {"db", "migrate", "haproxy"} <= set(services) and len(apps) >= 2
    for name in apps:
        app = services[name]
        assert app["build"]["dockerfile"] == "deploy/Dockerfile"
        assert "/_stcore/health" in " ".join(app["healthcheck"]["test"])
        assert app["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
        assert app["environment"]["WORKSHOP_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert "@db:5432/" in app["environment"]["WORKSHOP_DATABASE_URL"]
    assert services["migrate"]["command"] == ["python", "-m", "workshop", "db", "upgrade"]
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert "pg_isready" in services["db"]["healthcheck"]["test"]
    # Only the load balancer is published: replicas (and their metrics) stay inside.
    published = [name for name, service in services.items() if service.get("ports")]
    assert published == ["haproxy"]
    assert services["haproxy"]["depends_on"] == {
        name: {"condition": "service_healthy"} for name in apps
    }
    assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in services["haproxy"]["volumes"]
    # Secrets come from deploy/.env, never from the file itself.
    text = (DEPLOY / "compose.yaml").read_text()
    assert "${POSTGRES_PASSWORD:?" in text and "${WORKSHOP_FACILITATOR_PASSPHRASE:?" in text
    assert "deploy/.env" in (ROOT / ".gitignore").read_text().split()


def test_compose_haproxy_config_is_the_rendered_template() -> None:
    """deploy/haproxy.cfg is the template rendered for the compose replicas, not a copy."""
    servers = [f"{name}:8501" for name in _app_services(_compose())]
    expected = haproxy.render(servers, **COMPOSE_RENDER)
    assert (DEPLOY / "haproxy.cfg").read_text() == expected, (
        "deploy/haproxy.cfg is stale; render it again (command at the top of deploy/compose.yaml)"
    )


def test_the_documented_command_renders_the_checked_in_config() -> None:
    """`workshop haproxy-config` (the command at the top of compose.yaml) prints the file."""
    servers = [arg for name in _app_services(_compose()) for arg in ("--server", f"{name}:8501")]
    result = run_cli(
        "haproxy-config",
        "--bind",
        COMPOSE_RENDER["bind"],
        "--stats-socket",
        COMPOSE_RENDER["stats_socket"],
        *servers,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (DEPLOY / "haproxy.cfg").read_text()
    assert "python -m workshop haproxy-config" in (DEPLOY / "compose.yaml").read_text()


def test_deployment_does_not_run_from_benchmarks() -> None:
    """Production lives in deploy/ and the command line; benchmarks/ holds benchmarks only."""
    files = [path for path in DEPLOY.rglob("*") if path.is_file()]
    assert files
    for path in files:
        assert "benchmarks" not in path.read_text(), path
    makefile = (ROOT / "Makefile").read_text()
    target = makefile[makefile.index("\nreplicas:") :].split("\n\n", 1)[0]
    assert "-m workshop serve --replicas $(REPLICAS)" in target and "benchmarks" not in target


def test_serve_refuses_no_replicas() -> None:
    refused = run_cli("serve", "--replicas", "0")
    assert refused.returncode == 2 and "--replicas must be at least 1" in refused.stderr


@pytest.mark.skipif(not HAS_HAPROXY, reason="needs haproxy (apt-get install -y haproxy)")
def test_compose_haproxy_config_is_valid() -> None:
    haproxy.check(DEPLOY / "haproxy.cfg")


def _compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_docker_compose_accepts_the_file() -> None:
    command = _compose_command()
    if command is None:
        pytest.skip("neither `docker compose` nor docker-compose is installed")
    env = {
        **os.environ,
        "POSTGRES_PASSWORD": "test",
        "WORKSHOP_FACILITATOR_PASSPHRASE": "test",
        "WORKSHOP_FOLLOWUP_KEY": "k" * 64,
    }
    result = subprocess.run(
        [*command, "-f", str(DEPLOY / "compose.yaml"), "config"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    # Without the secrets it refuses to start, saying which one is missing.
    env.pop("POSTGRES_PASSWORD")
    refused = subprocess.run(
        [*command, "-f", str(DEPLOY / "compose.yaml"), "config"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert refused.returncode != 0 and "POSTGRES_PASSWORD" in refused.stderr


def _dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n\s*", " ", (DEPLOY / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def test_dockerfile_basic_rules() -> None:
    steps = _dockerfile()
    kinds = [kind for kind, _ in steps]
    base = steps[0]
    assert base[0] == "FROM" and ":" in base[1] and not base[1].endswith(":latest"), base
    assert "ADD" not in kinds  # COPY only: nothing fetched from a URL
    for kind, args in steps:
        if kind == "COPY":
            *sources, _target = args.split()
            for source in sources:
                assert (ROOT / source).exists(), f"COPY {source}: no such file in the project"
        if kind == "RUN":
            assert not re.search(r"\b(curl|wget)\b", args), args
    installs = [args for kind, args in steps if kind == "RUN" and "pip install" in args]
    assert installs and all("--constraint" in args for args in installs)
    # Runs as an unprivileged user, checks its own health, starts in exec form.
    user = [args for kind, args in steps if kind == "USER"]
    assert user and user[-1] not in ("root", "0")
    assert kinds.index("USER") < kinds.index("CMD")
    assert "/_stcore/health" in next(args for kind, args in steps if kind == "HEALTHCHECK")
    command = json.loads(next(args for kind, args in steps if kind == "CMD"))
    assert command[:3] == ["streamlit", "run", "serve.py"]  # as make run
    # The start command downloads nothing: no pip, no network tools at run time.
    assert not any(word in " ".join(command) for word in ("pip", "curl", "wget"))
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "data", ".streamlit/secrets.toml"} <= set(ignored)


def test_constraints_pin_what_the_tests_ran() -> None:
    """The image installs the exact Streamlit tested, so the CSP script hashes match it."""
    pins = dict(
        line.split("==", 1)
        for line in (DEPLOY / "constraints.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    for name in ("streamlit", "SQLAlchemy", "psycopg", "pydantic", "altair"):
        pinned = next(v for k, v in pins.items() if k.lower() == name.lower())
        assert pinned == metadata.version(name), f"{name}: refresh deploy/constraints.txt"


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / "systemd" / name)
    return parser


def test_systemd_units_describe_a_safe_service() -> None:
    replica = _unit("workshop@.service")["Service"]
    assert replica["User"] == "workshop"
    assert "--server.address 127.0.0.1" in replica["ExecStart"]  # only HAProxy faces out
    assert "--server.port %i" in replica["ExecStart"]
    assert replica["NoNewPrivileges"] == "yes" and replica["ProtectSystem"] == "strict"
    assert "workshop-migrate.service" in _unit("workshop@.service")["Unit"]["Requires"]
    migrate = _unit("workshop-migrate.service")["Service"]
    assert migrate["Type"] == "oneshot" and migrate["ExecStart"].endswith("workshop db upgrade")
    purge = _unit("workshop-purge.service")["Service"]
    assert purge["Type"] == "oneshot" and purge["ExecStart"].endswith("-m workshop purge")
    assert purge["User"] == "workshop" and purge["ProtectSystem"] == "strict"
    timer = _unit("workshop-purge.timer")["Timer"]
    assert timer["OnCalendar"] == "daily" and timer["Persistent"] == "true"
    # With the timer, the replicas' fallback purge thread is off (ui/shared/retention_worker.py).
    env = (DEPLOY / "systemd" / "workshop.env.example").read_text()
    assert "WORKSHOP_PURGE_IN_APP=false" in env.splitlines()
    drop_in = configparser.ConfigParser()
    drop_in.read(DEPLOY / "systemd" / "haproxy.service.d" / "workshop.conf")
    assert int(drop_in["Service"]["LimitNOFILE"]) >= 6100  # 3,000 participants, two sockets


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    """The units as installed: paths pointed at this checkout, nothing reported."""
    env = tmp_path / "workshop.env"
    env.write_text("WORKSHOP_DATABASE_URL=sqlite:///x.db\n")
    units = []
    for name, installed in (
        ("workshop@.service", "workshop@8501.service"),
        ("workshop-migrate.service", "workshop-migrate.service"),
        ("workshop-purge.service", "workshop-purge.service"),
        ("workshop-purge.timer", "workshop-purge.timer"),
    ):
        text = (DEPLOY / "systemd" / name).read_text()
        text = text.replace("/etc/workshop/workshop.env", str(env))
        text = text.replace("/opt/workshop", str(ROOT))
        (tmp_path / installed).write_text(text)
        units.append(str(tmp_path / installed))
    (tmp_path / "workshop@.service").write_text((tmp_path / "workshop@8501.service").read_text())
    result = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, cwd=tmp_path
    )
    output = "\n".join(
        line
        for line in (result.stdout + result.stderr).splitlines()
        if line.strip() and "Unit is bound to inactive unit" not in line
    )
    assert result.returncode == 0 and not output, output


def test_every_replica_gets_one_shared_follow_up_key() -> None:
    """Issue 23 point 5: with no key set, each replica made its own."""
    import yaml

    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    apps = [name for name in compose["services"] if name.startswith("app")]
    assert len(apps) >= 2
    for name in apps:
        environment = compose["services"][name]["environment"]
        assert "WORKSHOP_FOLLOWUP_KEY" in environment, name
        assert ":?" in environment["WORKSHOP_FOLLOWUP_KEY"], "refuses to start without one"
    for example in (DEPLOY / "env.example", DEPLOY / "systemd" / "workshop.env.example"):
        assert "WORKSHOP_FOLLOWUP_KEY=" in example.read_text(), example
