"""Operating the mock gateway from code and the command line: behaviour
shared through the cache, owners' corrections with their checks."""

import pytest
from django.core.management import CommandError, call_command

from datasources.exceptions import UnknownField
from datasources.gateway import records
from datasources.gateway.behaviour import behaviour_for
from datasources.gateway.services import (
    GatewayError,
    behaviour_reset,
    behaviour_set,
    record_correction_apply,
)

AN = "031090001234"


def test_a_behaviour_change_is_read_back_from_the_shared_cache():
    behaviour_set(source="land", latency_ms=300, failure_rate=0.5)

    assert behaviour_for("land").latency_ms == 300
    assert behaviour_for("land").failure_rate == 0.5
    behaviour_reset(source="land")
    assert behaviour_for("land").latency_ms == 0  # the settings' value in tests


@pytest.mark.parametrize(
    ("latency_ms", "failure_rate"),
    [(True, 0), (12.5, 0), ("fast", 0), (60_001, 0), (0, -0.1), (0, float("nan")), (0, "x")],
)
def test_a_bad_behaviour_is_refused_and_nothing_changes(latency_ms, failure_rate):
    with pytest.raises(GatewayError, match="Latency must be"):
        behaviour_set(source="land", latency_ms=latency_ms, failure_rate=failure_rate)

    assert behaviour_for("land").latency_ms == 0


def test_an_unknown_source_is_refused():
    with pytest.raises(GatewayError, match="does not serve"):
        behaviour_set(source="horoscope", latency_ms=0, failure_rate=0)


def test_the_command_changes_one_source_and_resets_them_all(capsys):
    call_command("gateway_behaviour", "--source", "population", "--failure-rate", "0.5")
    assert behaviour_for("population").failure_rate == 0.5
    assert "failure rate 0.5" in capsys.readouterr().out

    call_command("gateway_behaviour", "--reset")
    assert behaviour_for("population").failure_rate == 0.0


@pytest.mark.parametrize(
    "arguments",
    [
        ["--latency-ms", "10"],
        ["--source", "horoscope"],
        ["--source", "land", "--reset", "--latency-ms", "5"],
        ["--source", "land", "--latency-ms", "-5"],
    ],
)
def test_the_command_refuses_what_it_cannot_do(arguments):
    with pytest.raises(CommandError):
        call_command("gateway_behaviour", *arguments)


@pytest.mark.django_db
def test_the_latest_correction_of_a_field_wins():
    record_correction_apply(source="population", subject=AN, field="religion", value="Phật giáo")
    latest = record_correction_apply(
        source="population", subject=AN, field="religion", value="Công giáo", note="đã xác minh"
    )

    served = records.record("population", AN)

    assert served["data"]["religion"] == "Công giáo"
    assert served["updated_at"] == latest.corrected_at.isoformat()
    assert records.record("population", "031218000321")["data"]["religion"] == "Không"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "subject", "field", "error"),
    [
        ("population", "03109000123", "religion", GatewayError),
        ("population", "03109000123x", "religion", GatewayError),
        ("horoscope", AN, "religion", GatewayError),
        ("population", AN, "blood_type", UnknownField),
    ],
)
def test_a_correction_is_checked_before_it_is_kept(source, subject, field, error):
    with pytest.raises(error):
        record_correction_apply(source=source, subject=subject, field=field, value="x")
