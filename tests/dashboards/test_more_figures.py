"""The breakdowns of a leader's dashboard, counted by hand: complaints open
and overdue by category, correction requests open and aged per source,
lookups per source with their failure rate and p95 time, procedures with
published replacements out of the catalog; and the records behind each."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import ComplaintCategory, ComplaintStatus
from datasources import registry
from datasources.gateway.services import behaviour_set
from datasources.models import CorrectionFlag, CorrectionRequest, CorrectionStatus
from datasources.services import lookup
from dossiers.purposes import dossier_purpose
from portal.accounts.models import AgencyKind
from portal.audit.models import AccessLog, AccessOutcome
from portal.audit.services import access_log_record
from portal.dashboards import breakdowns
from portal.dashboards.figures import figures_rebuild
from procedures.models import ReplacementListEntry
from tests.accounts.factories import (
    AgencyFactory,
    CitizenFactory,
    LeaderFactory,
    OfficialFactory,
)
from tests.dashboards.factories import DAY, at, clock, complaint, dossier
from tests.dashboards.test_page import BACKEND
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import (
    ProcedureFactory,
    PublishedReplacementListFactory,
    ReplacementListFactory,
)

NOW = timezone.now()
TODAY = timezone.localdate(NOW)
PERIOD = {"period": "custom", "from": DAY.isoformat(), "to": DAY.isoformat()}


def _days_ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


# --- Complaints open and overdue by category.


@pytest.fixture
def open_complaints(hong_bang_ward, le_chan_ward):
    late, later = TODAY - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=3)
    reprovide, conduct = ComplaintCategory.REPROVIDE_DATA, ComplaintCategory.CONDUCT
    return {
        "a_late": complaint(hong_bang_ward, category=reprovide, due_date=late),
        "a_in_time": complaint(hong_bang_ward, category=reprovide, due_date=later),
        "a_today": complaint(hong_bang_ward, category=conduct, due_date=TODAY),  # not late yet
        "a_done": complaint(hong_bang_ward, category=conduct, due_date=late,
                            status=ComplaintStatus.CONCLUDED),
        "b_late": complaint(le_chan_ward, category=ComplaintCategory.WRONG_DATA, due_date=late),
    }  # fmt: skip


def _by_key(rows, *fields):
    return {row["key"]: tuple(row[f] for f in fields) for row in rows}


def test_complaints_open_and_overdue_by_category(
    open_complaints, hai_phong, hong_bang_ward, le_chan_ward
):
    def count(unit):
        return _by_key(breakdowns.complaints_by_category(unit=unit, today=TODAY), "open", "overdue")

    assert count(hong_bang_ward) == {"reprovide_data": (2, 1), "conduct": (1, 0)}
    assert count(le_chan_ward) == {"wrong_data": (1, 1)}
    assert count(hai_phong) == {"reprovide_data": (2, 1), "conduct": (1, 0), "wrong_data": (1, 1)}


# --- Correction requests open and aged per source.


@pytest.fixture
def corrections(hong_bang_ward, le_chan_ward):
    owner = AgencyFactory(code="BCA.C06", name="Cục C06", kind=AgencyKind.DATABASE_OWNER)
    official_a = OfficialFactory(agency=hong_bang_ward)
    official_b = OfficialFactory(agency=le_chan_ward)
    citizen = CitizenFactory()

    def request(source, field, days, by, status=CorrectionStatus.OPEN):
        with clock(_days_ago(days)):
            made = CorrectionRequest.objects.create(
                source=source, subject_personal_id="031090001234", field=field,
                owner_agency=owner, status=status,
            )  # fmt: skip
            CorrectionFlag.objects.create(request=made, flagged_by=by, purpose_type="dossier",
                                          purpose_id="1")  # fmt: skip
        return made

    return {
        "aged": request("population", "full_name", 20, official_a),
        "fresh": request("population", "birth_date", 2, official_a),
        "closed": request("population", "gender", 40, official_a, CorrectionStatus.ACCEPTED),
        "citizen": request("population", "address", 40, citizen),  # raised by no unit
        "b": request("civil_status", "father_name", 30, official_b),
    }


def test_correction_requests_open_and_aged_per_source(
    corrections, hai_phong, hong_bang_ward, le_chan_ward
):
    def count(unit):
        rows = breakdowns.corrections_by_source(unit=unit, now=NOW)
        return _by_key(rows, "open", "aged", "oldest_days")

    assert count(hong_bang_ward) == {"population": (2, 1, 20)}
    assert count(le_chan_ward) == {"civil_status": (1, 1, 30)}
    assert count(hai_phong) == {"population": (2, 1, 20), "civil_status": (1, 1, 30)}


# --- Lookups per source.


@pytest.fixture
def lookups(hong_bang_ward, le_chan_ward):
    official_a = OfficialFactory(agency=hong_bang_ward)
    official_b = OfficialFactory(agency=le_chan_ward)
    citizen = CitizenFactory()
    dossier_a = dossier(hong_bang_ward)
    complaint_b = complaint(le_chan_ward)

    def log(source, outcome, elapsed, *, actor, purpose=("dossier", str(dossier_a.pk)), day=DAY):
        with clock(at(day, 9)):
            return access_log_record(
                actor=actor, subject_personal_id="031090001234", source=source, fields=["x"],
                purpose_type=purpose[0], purpose_id=purpose[1], outcome=outcome,
                elapsed_ms=elapsed,
            )  # fmt: skip

    ok, failed = AccessOutcome.OK, AccessOutcome.FAILED
    return {
        "official": log("population", ok, 80, actor=official_a),
        # A citizen's prefill counts against the dossier's unit.
        "prefill": log("population", AccessOutcome.CACHED, 300, actor=citizen),
        "failed": log("population", failed, 3000, actor=citizen),
        "untimed": log("population", AccessOutcome.NOT_FOUND, None, actor=official_a),
        "denied": log("population", AccessOutcome.DENIED, None, actor=official_b),  # no read
        "complaint": log("civil_status", ok, 120, actor=official_b,
                         purpose=("complaint", complaint_b.code)),
        "correction": log("population", ok, 90, actor=official_b, purpose=("correction", "7")),
        "other_day": log("population", ok, 50, actor=official_a, day=DAY - datetime.timedelta(1)),
    }  # fmt: skip


def test_lookups_per_source_with_failure_rate_and_p95(
    lookups, hai_phong, hong_bang_ward, le_chan_ward
):
    figures_rebuild(day=DAY)

    def count(unit):
        rows = breakdowns.lookups_by_source(unit=unit, first=DAY, last=DAY)
        return _by_key(rows, "lookups", "failed", "failure_rate", "p95")

    # Ward A: 80, 300, 3000 ms and one untimed; 95% of 3 timed = the 3rd: ≤ 5000 ms.
    assert count(hong_bang_ward) == {"population": (4, 1, 0.25, "le_5000")}
    assert count(le_chan_ward) == {"civil_status": (1, 0, 0.0, "le_250"),
                                   "population": (1, 0, 0.0, "le_100")}  # fmt: skip
    assert count(hai_phong) == {"population": (5, 1, 0.2, "le_5000"),
                                "civil_status": (1, 0, 0.0, "le_250")}  # fmt: skip
    # Rebuilt again: the same rows.
    figures_rebuild(day=DAY)
    assert count(hai_phong)["population"] == (5, 1, 0.2, "le_5000")


def test_p95_is_the_bucket_the_95th_percentile_falls_in():
    counts = dict.fromkeys(breakdowns.LOOKUP_COUNTERS, 0) | {"timed": 20, "le_100": 19, "over": 1}
    assert breakdowns.p95_bucket(counts) == "le_100"
    counts |= {"le_100": 18, "le_250": 0, "over": 2}
    assert breakdowns.p95_bucket(counts) == "over"
    assert breakdowns.bucket_label("over") == "> 5000 ms"
    assert breakdowns.p95_bucket(dict.fromkeys(breakdowns.LOOKUP_COUNTERS, 0)) is None


# --- Procedures with published replacements.


@pytest.fixture
def replacements(hong_bang_ward, le_chan_ward):
    procedures = [ProcedureFactory(code=f"1.00000{n}") for n in range(4)]
    procedures[3].active = False
    procedures[3].save()
    published = PublishedReplacementListFactory(agency=hong_bang_ward)
    draft = ReplacementListFactory(agency=le_chan_ward)

    def entry(replacement_list, procedure, component):
        ReplacementListEntry.objects.create(
            replacement_list=replacement_list, procedure_code=procedure.code,
            procedure_name=procedure.name, sector_name="Hộ tịch", component_code=component,
            component_name="Giấy tờ", document_type="birth", source="civil_status",
            legal_basis="NĐ 107/2021", effective_date=DAY,
        )  # fmt: skip

    entry(published, procedures[0], "a")
    entry(published, procedures[0], "b")  # two components, one procedure
    entry(published, procedures[1], "a")
    entry(published, procedures[3], "a")  # no longer in the catalog
    entry(draft, procedures[2], "a")  # not published
    return procedures


def test_procedures_with_published_replacements_out_of_the_catalog(
    replacements, hai_phong, hong_bang_ward, le_chan_ward
):
    assert breakdowns.procedures_replaced(unit=hong_bang_ward) == {
        "replaced": 2, "catalog": 3, "share": 0.6667,
    }  # fmt: skip
    assert breakdowns.procedures_replaced(unit=le_chan_ward)["replaced"] == 0
    assert breakdowns.procedures_replaced(unit=hai_phong)["replaced"] == 2


# --- On the dashboard, each number opening its records within the leader's units.


def _open(client, user, name, **params):
    client.force_login(user, backend=BACKEND)
    return client.get(reverse("breakdowns:records", args=[name]), PERIOD | params)


def test_the_dashboard_shows_the_breakdowns_with_links(
    client, leader, open_complaints, corrections, lookups, replacements
):
    figures_rebuild(day=DAY)
    client.force_login(leader, backend=BACKEND)
    response = client.get(reverse("dashboards:dashboard"), PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "CSDL quốc gia về dân cư" in page and "≤ 5000 ms" in page
    assert reverse("breakdowns:records", args=["complaints_overdue"]) in page
    assert response.context["breakdowns"]["procedures"]["replaced"] == 2


@pytest.mark.parametrize(
    ("name", "key", "expected"),
    [
        ("complaints_open", "reprovide_data", ["a_in_time", "a_late"]),
        ("complaints_overdue", "reprovide_data", ["a_late"]),
        ("corrections_open", "population", ["fresh", "aged"]),
        ("corrections_aged", "population", ["aged"]),
        ("lookups", "population", ["untimed", "failed", "prefill", "official"]),
        ("lookups_failed", "population", ["failed"]),
    ],
)
def test_each_number_opens_its_records(
    client, leader, hong_bang_ward, open_complaints, corrections, lookups, name, key, expected
):
    records = open_complaints | corrections | lookups
    response = _open(client, leader, name, unit=hong_bang_ward.code, key=key)
    assert response.status_code == 200
    assert [r.pk for r in response.context["page"]] == [records[e].pk for e in expected]


def test_procedures_behind_the_share(client, leader, hong_bang_ward, replacements):
    response = _open(client, leader, "procedures_replaced", unit=hong_bang_ward.code)
    assert [p.code for p in response.context["page"]] == ["1.000000", "1.000001"]


def test_records_outside_the_leader_s_units_are_not_found(
    client, hong_bang_ward, le_chan_ward, corrections, lookups
):
    ward_leader = LeaderFactory(agency=le_chan_ward)
    for name in ("corrections_open", "lookups"):
        response = _open(client, ward_leader, name, unit=hong_bang_ward.code, key="population")
        assert response.status_code == 404
    # Their own unit lists their own records only.
    response = _open(client, ward_leader, "lookups", unit=le_chan_ward.code, key="population")
    assert [r.pk for r in response.context["page"]] == [lookups["correction"].pk]
    assert AccessLog.objects.count() == 8  # nothing written by reading


def test_an_unknown_breakdown_or_a_missing_key_is_not_found(client, leader):
    assert _open(client, leader, "nothing", key="x").status_code == 404
    assert _open(client, leader, "lookups").status_code == 404
    response = _open(client, leader, "lookups", key="population", period="year")
    assert response.status_code == 400


def test_a_lookup_logs_how_long_the_source_took(gateway_live, citizen, hong_bang_ward):
    record = DossierFactory(applicant=citizen, agency=hong_bang_ward)
    behaviour_set(source="population", latency_ms=30, failure_rate=0)
    lookup(source="population", subject=record.subject_personal_id, fields=["full_name"],
           actor=citizen, purpose=dossier_purpose(record))  # fmt: skip
    entry = AccessLog.objects.get()
    assert entry.outcome == AccessOutcome.OK and entry.elapsed_ms >= 30
    figures_rebuild(day=timezone.localdate(entry.created_at))
    rows = breakdowns.lookups_by_source(unit=hong_bang_ward, first=TODAY, last=TODAY)
    assert [(row["key"], row["lookups"], row["failed"]) for row in rows] == [("population", 1, 0)]


def test_the_correction_requests_behind_a_number_name_their_field_not_its_code(
    client, leader, hong_bang_ward, corrections
):
    response = _open(client, leader, "corrections_open", unit=hong_bang_ward.code,
                     key="population")  # fmt: skip
    table = response.content.decode().split('data-testid="records">')[1].split("</table>")[0]
    label = registry.source("population").field("full_name").label_vi  # the "aged" request's
    # (each cell opening with its column's name, for a phone's card)
    field = re.compile(r'<td><span class="d-block d-md-none[^"]*" aria-hidden="true">[^<]*</span>'
                       r"([^<]*)</td>")  # fmt: skip
    assert label in field.findall(table) and "full_name" not in field.findall(table)


def test_the_records_behind_a_breakdown_read_most_recent_first_even_when_entered_backdated(
    client, leader, hong_bang_ward, django_assert_max_num_queries
):
    official = OfficialFactory(agency=hong_bang_ward)
    late = TODAY - datetime.timedelta(days=1)
    recent = complaint(hong_bang_ward, day=TODAY, due_date=late)
    earlier = complaint(hong_bang_ward, day=TODAY - datetime.timedelta(days=3), due_date=late)

    def request(days, field):
        with clock(_days_ago(days)):
            made = CorrectionRequest.objects.create(
                source="population", subject_personal_id="031090001234", field=field,
                owner_agency=AgencyFactory(kind=AgencyKind.DATABASE_OWNER),
            )  # fmt: skip
            CorrectionFlag.objects.create(request=made, flagged_by=official,
                                          purpose_type="dossier", purpose_id="1")  # fmt: skip
        return made

    fresh, aged = request(2, "birth_date"), request(20, "full_name")
    assert earlier.pk > recent.pk and aged.pk > fresh.pk  # entered later, dated earlier
    client.force_login(leader, backend=BACKEND)
    for name, key, expected in [
        ("complaints_open", recent.category, [recent, earlier]),
        ("complaints_overdue", recent.category, [recent, earlier]),
        ("corrections_open", "population", [fresh, aged]),
    ]:
        with django_assert_max_num_queries(8):
            response = client.get(reverse("breakdowns:records", args=[name]),
                                  PERIOD | {"unit": hong_bang_ward.code, "key": key})  # fmt: skip
        assert [r.pk for r in response.context["page"]] == [e.pk for e in expected], name
