"""The broker users docker compose creates (ops/rabbitmq/definitions): the app may run the WOD
pipeline and do nothing else.

The script's definitions for the application's user are imported into the test machine's
RabbitMQ under a virtual host and a user name of this test's own (`rabbitmqctl`, which needs
root), and deleted afterwards. That user then does over AMQP what the pipeline does: declare
its topology, publish, consume, dead-letter, replay, count; and is refused anything else. It
connects as the application does, through the broker package's `broker_connection`.
"""

import json
import os
import shutil
import subprocess
import urllib.parse
import uuid
from collections.abc import Iterator

import pytest
import requests

from testing.environment import missing
from testing.probes import wait_until
from testing.processes import BASE_DIR
from wods.broker import BROKER_ERRORS
from wods.broker.connection import broker_connection
from wods.broker.topology import ROUTING_KEY, Topology

DEFINITIONS = BASE_DIR / "ops" / "rabbitmq" / "definitions"
# Quotes, a backslash, a dollar and a backtick: each must reach RabbitMQ as written.
APP_PASSWORD = 'app "pass" \\ $HOME `id` word'
ADMIN_PASSWORD = "admin 'pass' word"
ACCESS_REFUSED = 403


def definitions(**variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DEFINITIONS)],
        env={"PATH": os.environ["PATH"], **variables},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def both_passwords(**variables: str) -> dict[str, str]:
    return {
        "RABBITMQ_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "RABBITMQ_PASSWORD": APP_PASSWORD,
        **variables,
    }


def test_the_definitions_hold_an_administrator_and_the_application_user_with_their_passwords():
    printed = definitions(**both_passwords())

    assert printed.returncode == 0, printed.stderr
    parsed = json.loads(printed.stdout)
    users = {user["name"]: user for user in parsed["users"]}
    assert (users["admin"]["password"], users["admin"]["tags"]) == (
        ADMIN_PASSWORD,
        ["administrator"],
    )
    assert (users["coach"]["password"], users["coach"]["tags"]) == (APP_PASSWORD, ["management"])
    rights = {permission["user"]: permission for permission in parsed["permissions"]}
    assert {rights["coach"][kind] for kind in ("configure", "write", "read")} == {"^wods(\\..+)?$"}
    assert parsed["vhosts"] == [{"name": "/"}]


@pytest.mark.parametrize("variable", ["RABBITMQ_ADMIN_PASSWORD", "RABBITMQ_PASSWORD"])
def test_a_missing_password_stops_the_script_naming_it(variable):
    variables = both_passwords()
    del variables[variable]

    printed = definitions(**variables)

    assert printed.returncode != 0
    assert f"set {variable}" in printed.stderr
    assert printed.stdout == ""


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"RABBITMQ_USER": "admin"}, "must differ"),
        ({"RABBITMQ_PASSWORD": "two\nlines"}, "control characters"),
    ],
)
def test_an_administrator_app_or_a_password_with_control_characters_is_refused(variables, message):
    printed = definitions(**both_passwords(**variables))

    assert printed.returncode != 0
    assert message in printed.stderr


def rabbitmqctl(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["rabbitmqctl", "--quiet", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def app_user_url(rabbitmq) -> Iterator[str]:
    """An AMQP URL for the definitions' application user, in a virtual host of its own."""
    if shutil.which("rabbitmqctl") is None or os.geteuid() != 0:
        missing("rabbitmqctl (as root) creates this test's broker user")
    suffix = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    vhost, name = f"coach-test-definitions-{suffix}", f"coach-test-app-{suffix}"
    parsed = json.loads(definitions(**both_passwords()).stdout)
    [app] = [user for user in parsed["users"] if user["name"] == "coach"]
    [rights] = [permission for permission in parsed["permissions"] if permission["user"] == "coach"]
    imported = {
        "vhosts": [{"name": vhost}],
        "users": [{**app, "name": name}],
        "permissions": [{**rights, "user": name, "vhost": vhost}],
    }
    url = (
        f"amqp://{name}:{urllib.parse.quote(APP_PASSWORD, safe='')}@127.0.0.1:5672/"
        f"{urllib.parse.quote(vhost, safe='')}"
    )
    try:
        result = rabbitmqctl("import_definitions", "--format", "json", stdin=json.dumps(imported))
        assert result.returncode == 0, result.stderr
        wait_until(lambda: can_connect(url), details=lambda: f"{name} cannot log in to {vhost}")
        yield url
    finally:
        rabbitmqctl("delete_user", name)
        rabbitmqctl("delete_vhost", vhost)


def can_connect(url: str) -> bool:
    try:
        with broker_connection(url=url):
            pass
    except BROKER_ERRORS:
        return False
    return True


def count(channel, queue: str) -> int:
    return channel.queue_declare(queue, passive=True).method.message_count


def test_the_application_user_runs_the_whole_wod_pipeline(app_user_url, settings):
    settings.WOD_QUEUE_PREFIX = ""  # docker compose's names
    topology = Topology.from_settings()
    with broker_connection(url=app_user_url) as connection:
        channel = connection.channel()
        topology.declare(channel)
        channel.confirm_delivery()
        channel.basic_publish(topology.exchange, ROUTING_KEY, b"{}", mandatory=True)

        # A failed delivery, dead-lettered by the queue itself through wods.dlx.
        method, _, _ = channel.basic_get(topology.queue)
        channel.basic_reject(method.delivery_tag, requeue=False)
        wait_until(lambda: count(channel, topology.dead_letter_queue) == 1)

        # The replay: a dead letter back to the work queue.
        method, _, body = channel.basic_get(topology.dead_letter_queue)
        channel.basic_publish(topology.exchange, ROUTING_KEY, body, mandatory=True)
        channel.basic_ack(method.delivery_tag)

        # A consumer serves it.
        for method, _, _ in channel.consume(topology.queue, inactivity_timeout=5):
            assert method is not None, "the replayed message never reached the consumer"
            channel.basic_ack(method.delivery_tag)
            break
        channel.cancel()
        assert (count(channel, topology.queue), count(channel, topology.dead_letter_queue)) == (
            0,
            0,
        )
        for queue in (topology.queue, topology.dead_letter_queue):
            channel.queue_delete(queue)


def test_the_application_user_reads_its_queues_in_the_management_api_and_no_others(
    app_user_url, settings
):
    management = "http://127.0.0.1:15672/api"
    try:
        requests.get(f"{management}/overview", timeout=5)
    except requests.ConnectionError:
        missing("RabbitMQ's management plugin is off (CI turns it on)")
    settings.WOD_QUEUE_PREFIX = ""
    topology = Topology.from_settings()
    address = urllib.parse.urlsplit(app_user_url)
    credentials = (address.username, APP_PASSWORD)
    vhost = address.path.lstrip("/")  # still quoted, as the API's path wants it
    with broker_connection(url=app_user_url) as connection:
        channel = connection.channel()
        topology.declare(channel)
        own_queue = f"{management}/queues/{vhost}/{topology.queue}"
        # A new queue's message counts appear with the broker's next statistics emission
        # (every 5 s by default); until then the API answers without them.
        wait_until(
            lambda: (
                "messages_ready" in requests.get(own_queue, auth=credentials, timeout=10).json()
            ),
            timeout=30,
        )
        own = requests.get(own_queue, auth=credentials, timeout=10)
        elsewhere = requests.get(f"{management}/queues/%2F", auth=credentials, timeout=10)
        for queue in (topology.queue, topology.dead_letter_queue):
            channel.queue_delete(queue)

    assert own.status_code == 200, own.text
    assert {"messages_ready", "messages_unacknowledged"} <= own.json().keys()
    assert elsewhere.status_code in (401, 403)


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(lambda channel: channel.queue_declare("other"), id="another-queue"),
        pytest.param(lambda channel: channel.queue_declare("wodsx"), id="a-longer-name"),
        pytest.param(lambda channel: channel.exchange_declare("x.wods"), id="a-suffix-match"),
        pytest.param(
            lambda channel: channel.basic_publish("amq.direct", "k", b"{}"),
            id="a-built-in-exchange",
        ),
    ],
)
def test_the_application_user_is_refused_outside_the_wod_pipeline(app_user_url, operation):
    with broker_connection(url=app_user_url) as connection:
        channel = connection.channel()
        channel.confirm_delivery()
        with pytest.raises(BROKER_ERRORS) as refused:
            operation(channel)

    assert refused.value.reply_code == ACCESS_REFUSED
