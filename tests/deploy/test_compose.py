"""docker-compose.yml: no secret has a default, only the web server is published to the world,
and the `cluster` profile makes RabbitMQ three nodes that the application is given.

`docker-compose config` resolves the file as `docker compose up` would (no Docker engine
needed), from an environment of the test's choosing and an empty env file, so a developer's
`.env` plays no part.
"""

import os
import re
import shutil
import subprocess
import urllib.parse

import pytest
import yaml

from testing.environment import missing
from testing.processes import BASE_DIR

REQUIRED = {
    "DJANGO_SECRET_KEY": "compose-test-secret-key",
    "JWT_SIGNING_KEY": "compose-test-jwt-key",
    "POSTGRES_PASSWORD": "compose-test-database-password",
    "RABBITMQ_PASSWORD": "compose-test-broker-password",
    "RABBITMQ_ADMIN_PASSWORD": "compose-test-broker-admin-password",
}
APP_SERVICES = ("web", "consumer", "cron")


@pytest.fixture(scope="module")
def compose() -> str:
    executable = shutil.which("docker-compose")
    if executable is None:
        missing("docker-compose is missing: `sudo apt-get install docker-compose`")
    return executable


def compose_config(
    compose: str, tmp_path, *, profile: str = "monitoring", **variables: str
) -> subprocess.CompletedProcess:
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.write_text("")
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in REQUIRED and not key.startswith(("RABBITMQ_", "POSTGRES_"))
    }
    return subprocess.run(
        [
            *(compose, "--env-file", str(empty_env_file), "--file", "docker-compose.yml"),
            *("--profile", profile, "config"),
        ],
        cwd=BASE_DIR,
        env={**environment, **variables},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def host_address(port: str | dict) -> str:
    """The host address a `ports:` entry of the resolved file listens on."""
    if isinstance(port, dict):
        return port.get("host_ip") or "0.0.0.0"
    parts = port.split(":")
    return parts[0] if len(parts) == 3 else "0.0.0.0"


@pytest.fixture(scope="module")
def services(compose, tmp_path_factory) -> dict:
    resolved = compose_config(compose, tmp_path_factory.mktemp("compose"), **REQUIRED)
    assert resolved.returncode == 0, resolved.stderr
    return yaml.safe_load(resolved.stdout)["services"]


@pytest.mark.parametrize("variable", sorted(REQUIRED))
def test_the_file_refuses_to_resolve_without_a_secret_and_names_it(compose, tmp_path, variable):
    others = {name: value for name, value in REQUIRED.items() if name != variable}

    resolved = compose_config(compose, tmp_path, **others)

    assert resolved.returncode != 0
    assert f"set {variable} in .env" in resolved.stderr


def test_only_the_web_server_is_published_beyond_the_host(services):
    beyond_the_host = {
        name
        for name, service in services.items()
        for port in service.get("ports", [])
        if host_address(port) != "127.0.0.1"
    }

    assert beyond_the_host == {"web"}
    assert "ports" not in services["postgres"]
    # The broker's AMQP port is not published at all; its management UI and Prometheus (which
    # has no login) listen on the host's loopback.
    assert [host_address(port) for port in services["rabbitmq"]["ports"]] == ["127.0.0.1"]
    assert [host_address(port) for port in services["prometheus"]["ports"]] == ["127.0.0.1"]


def test_the_application_connects_as_its_own_broker_user_not_the_administrator(services):
    broker = services["rabbitmq"]["environment"]

    assert broker["RABBITMQ_USER"] != broker["RABBITMQ_ADMIN_USER"]
    assert "RABBITMQ_DEFAULT_USER" not in broker
    for name in APP_SERVICES:
        amqp_url = services[name]["environment"]["AMQP_URL"]
        assert amqp_url.startswith(
            f"amqp://{broker['RABBITMQ_USER']}:{REQUIRED['RABBITMQ_PASSWORD']}@rabbitmq:5672/"
        )
        assert REQUIRED["RABBITMQ_ADMIN_PASSWORD"] not in str(services[name])


def test_the_app_services_run_unprivileged_but_the_cron_daemon(services):
    assert {name: services[name].get("user") for name in APP_SERVICES} == {
        "web": None,
        "consumer": None,
        "cron": "root",
    }
    # The image's own user, which web and consumer keep.
    dockerfile = (BASE_DIR / "Dockerfile").read_text().splitlines()
    assert [line for line in dockerfile if line.startswith("USER ")][-1] == "USER coach"


# The cluster profile
# ------------------------------------------------------------------------------

CLUSTER_NODES = ("rabbitmq", "rabbitmq-2", "rabbitmq-3")
COOKIE = "compose-test-erlang-cookie"


def mount_target(volume: str | dict) -> str:
    """Where a `volumes:` entry of the resolved file is mounted in the container."""
    return volume["target"] if isinstance(volume, dict) else volume.split(":")[1]


@pytest.fixture(scope="module")
def cluster_services(compose, tmp_path_factory) -> dict:
    resolved = compose_config(
        compose,
        tmp_path_factory.mktemp("compose-cluster"),
        profile="cluster",
        RABBITMQ_ERLANG_COOKIE=COOKIE,
        **REQUIRED,
    )
    assert resolved.returncode == 0, resolved.stderr
    return yaml.safe_load(resolved.stdout)["services"]


def test_the_cluster_profile_adds_two_nodes_that_join_the_first_with_its_users_and_cookie(
    cluster_services,
):
    nodes = {name: cluster_services[name] for name in CLUSTER_NODES}
    assert [node.get("profiles") for node in nodes.values()] == [None, ["cluster"], ["cluster"]]
    assert [node["hostname"] for node in nodes.values()] == list(CLUSTER_NODES)
    environments = [node["environment"] for node in nodes.values()]
    for variable in ("RABBITMQ_USER", "RABBITMQ_PASSWORD", "RABBITMQ_ADMIN_USER"):
        assert len({environment[variable] for environment in environments}) == 1
    assert {environment["ERLANG_COOKIE"] for environment in environments} == {COOKIE}
    # The two others must join: they refuse to start without the cookie, and wait for the first.
    assert [environment.get("JOIN_CLUSTER") for environment in environments] == [
        None,
        "true",
        "true",
    ]
    for name in CLUSTER_NODES[1:]:
        assert nodes[name]["depends_on"]["rabbitmq"]["condition"] == "service_healthy"
        assert "ports" not in nodes[name]
    for node in nodes.values():
        mounted = {mount_target(volume) for volume in node["volumes"]}
        assert "/etc/rabbitmq/conf.d/20-cluster.conf" in mounted


def test_the_nodes_the_cluster_config_names_are_the_profile_nodes():
    config = (BASE_DIR / "ops" / "rabbitmq" / "cluster.conf").read_text()

    named = re.findall(
        r"^cluster_formation\.classic_config\.nodes\.\d+ = rabbit@(\S+)$", config, re.M
    )

    assert named == list(CLUSTER_NODES)


def test_the_application_is_given_every_node_with_its_own_broker_user(cluster_services):
    for name in APP_SERVICES:
        urls = cluster_services[name]["environment"]["AMQP_URL"].split(",")
        addresses = [urllib.parse.urlsplit(url) for url in urls]
        assert [address.hostname for address in addresses] == list(CLUSTER_NODES)
        assert {(address.username, address.password) for address in addresses} == {
            ("coach", REQUIRED["RABBITMQ_PASSWORD"])
        }
