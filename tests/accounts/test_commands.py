import pytest
from django.core.management import CommandError, call_command

from portal.accounts.models import Agency, Role, User

pytestmark = pytest.mark.django_db

FIGURES = ("dossiers_received", "dossiers_online", "dossiers_paperless", "dossiers_on_time",
           "dossiers_overdue", "reprovide_refused", "data_gaps", "complaints_received",
           "payments_paid", "dossier_ratings_count", "dossier_ratings_satisfied")  # fmt: skip
USER_STATE = ("id", "personal_id", "full_name", "role", "agency_id", "password")


def test_seed_demo_is_idempotent_and_prints_the_accounts(capsys, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo")
    first = capsys.readouterr().out
    users = list(User.objects.order_by("id").values_list(*USER_STATE))
    agencies = list(Agency.objects.order_by("id").values_list("id", "code", "name", "path"))
    from dossiers.models import Dossier
    from portal.audit.models import AccessLog
    from portal.dashboards.reports_models import Report

    history_dossiers = Dossier.objects.count()
    lookups = AccessLog.objects.count()
    reports = list(Report.objects.order_by("pk").values_list("pk", "generated_at"))

    call_command("seed_demo")

    assert list(User.objects.order_by("id").values_list(*USER_STATE)) == users
    assert list(Agency.objects.order_by("id").values_list("id", "code", "name", "path")) == agencies
    assert len(agencies) == 3600
    assert "031188002468" in first and "UBND phường Hồng Bàng" in first
    assert "/vneid/.well-known/openid-configuration" in first
    hoa = User.objects.get(personal_id="031188002468")
    assert hoa.role == Role.OFFICIAL and hoa.agency.code == "11311"
    # The demo's replacement lists went through the whole workflow, once.
    from procedures.models import ReplacementList

    published = ReplacementList.objects.filter(status="published")
    assert set(published.values_list("agency__code", flat=True)) == {"31", "11311"}
    assert ReplacementList.objects.count() == 2
    assert all(rl.approved_by.personal_id == "031175001122" for rl in published)
    assert published.get(agency__code="11311").entries.count() > 10
    # Routing rules for Hải Phòng and the demo citizen's complaint, routed to Hoa, once.
    from complaints.models import Complaint, RoutingRule

    assert RoutingRule.objects.count() == 4
    complaint = Complaint.objects.get(reporter__personal_id="031090001234")
    assert complaint.responsible_agency.code == "11311" and complaint.assigned_to == hoa
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(
        (tmp_path / "demo-admin-password").read_text()
    )
    # Weeks of history for the dashboards, written once, with figures for phường Hồng Bàng.
    import datetime

    from django.db.models import Sum
    from django.utils import timezone

    from dossiers.models import Dossier
    from portal.dashboards.models import UnitDayFigures

    assert Dossier.objects.count() == history_dossiers > 500
    today = timezone.localdate()
    month = UnitDayFigures.objects.filter(
        agency__code="11311", day__gte=today - datetime.timedelta(days=30), day__lt=today
    ).aggregate(**{name: Sum(name) for name in FIGURES})
    assert all(month[name] > 0 for name in FIGURES), month
    # Each history dossier reached its status by the moves its events record, in order.
    from dossiers.states import TRANSITIONS

    for dossier in Dossier.objects.exclude(code__isnull=True).prefetch_related("events"):
        status, moves = "draft", list(dossier.events.all())
        for move in moves:
            assert move.from_status == status in TRANSITIONS[move.action].sources, dossier.code
            status = TRANSITIONS[move.action].target
        assert status == dossier.status, dossier.code
        assert [m.at for m in moves] == sorted(m.at for m in moves), dossier.code
    # Each fee paid in the history has its one record in the payment log, written once.
    from payments.models import Payment
    from portal.audit.models import PaymentLog

    paid = Payment.objects.filter(status="paid")
    assert sorted(PaymentLog.objects.values_list("payment_id", flat=True)) == sorted(
        paid.values_list("pk", flat=True)
    )
    # An's own residence confirmation, returned once: its result in his document
    # store, the tracking page asking him to rate the handling.
    from dossiers.document_store import results_of
    from dossiers.ratings import rating_asked

    an = User.objects.get(personal_id="031090001234")
    [returned] = Dossier.objects.filter(applicant=an)
    assert returned.status == "result_returned" and returned.code.startswith("11311-")
    assert [e.action for e in returned.events.order_by("id")] == [
        "submit", "receive", "start_processing", "propose_approval", "approve", "return_result",
    ]  # fmt: skip
    # Signed by the ward's own chairman, a demo account of his own.
    assert returned.events.get(action="approve").actor.personal_id == "031072006688"
    [result] = results_of(user=an)
    assert result.dossier == returned and result.file.read().startswith(b"%PDF")
    assert rating_asked(dossier=returned, user=an)
    assert returned.code in first
    # The population database's owner has corrections to answer, and answered some.
    from datasources.models import CorrectionRequest

    owner = CorrectionRequest.objects.filter(owner_agency__code="BCA.C06", source="population")
    assert owner.filter(status="open").exists() and owner.filter(status="accepted").exists()
    assert all(request.flags.count() == 1 for request in owner)
    from django.test import Client

    minh = Client()
    minh.force_login(User.objects.get(personal_id="001080009876"),
                     backend="portal.accounts.backends.VNeIDSessionBackend")  # fmt: skip
    page = minh.get("/data/corrections/")
    assert page.status_code == 200 and "phố Cầu Đất" in page.content.decode()
    # Applicants rated only dossiers whose result was out, after it was.
    from dossiers.models import SatisfactionRating

    for rating in SatisfactionRating.objects.select_related("dossier"):
        assert rating.dossier.status in ("result_returned", "not_resolved"), rating.dossier.code
        assert rating.rated_at > rating.dossier.updated_at, rating.dossier.code
    # Every dossier past its submission has its due date, as the services give it.
    assert not Dossier.objects.filter(submitted_at__isnull=False, due_date__isnull=True).exclude(
        status="financial_obligation"
    ).exists()  # fmt: skip
    assert returned.due_date is not None
    # An reads who used his data for his dossier: his own prefill's reads, logged once.
    assert AccessLog.objects.count() == lookups
    [*an_lookups] = AccessLog.objects.filter(subject_personal_id="031090001234")
    assert an_lookups and all(
        (entry.purpose_type, entry.purpose_id, entry.actor, entry.actor_agency, entry.outcome)
        == ("dossier", str(returned.pk), an, None, "ok")
        and entry.purpose_label.startswith("Hồ sơ 1.010039 ") and entry.fields
        and entry.created_at < returned.submitted_at
        for entry in an_lookups
    )  # fmt: skip
    assert {entry.source for entry in an_lookups} >= {"population"}
    an_client = Client()
    an_client.force_login(an, backend="portal.accounts.backends.VNeIDSessionBackend")
    page = an_client.get("/data/my-data-access/").content.decode()
    assert page.count('data-testid="access"') == len(an_lookups)
    assert f"Hồ sơ {returned.code}: {returned.procedure.name}" in page  # named as it is now
    # The leader reads Hải Phòng's weekly reports, the population database's
    # owner its monthly data-sharing reports, made once with their files.
    assert list(Report.objects.order_by("pk").values_list("pk", "generated_at")) == reports
    from portal.dashboards.reports_selectors import reports_visible_to

    lan = User.objects.get(personal_id="031175001122")
    weekly = reports_visible_to(user=lan).filter(kind="weekly", agency__code="31")
    assert weekly.count() >= 1 and all(r.pdf_file and r.csv_file for r in weekly)
    assert all(r.generated_at.date() > r.period_end for r in weekly)
    monthly = reports_visible_to(user=User.objects.get(personal_id="001080009876")).filter(
        kind="monthly_sharing", agency__code="BCA.C06"
    )  # fmt: skip
    assert monthly.count() >= 1 and all(r.period_start.day == 1 for r in monthly)
    lan_client = Client()
    lan_client.force_login(lan, backend="portal.accounts.backends.VNeIDSessionBackend")
    page = lan_client.get("/dashboards/reports/").content.decode()
    assert f'id="report-{weekly.first().pk}"' in page and "No report yet" not in page
    page = minh.get("/dashboards/reports/").content.decode()
    assert f'id="report-{monthly.first().pk}"' in page


def test_assign_role_refuses_bad_input_with_the_reason(hong_bang_ward):
    with pytest.raises(CommandError, match="12 chữ số"):
        call_command(
            "assign_role", "--personal-id", "123", "--role", "official", "--agency", "11311"
        )
    with pytest.raises(CommandError, match="99999"):
        call_command(
            "assign_role",
            "--personal-id",
            "031188002468",
            "--role",
            "official",
            "--agency",
            "99999",
        )

    assert not User.objects.exists()


def test_assign_role_gives_a_person_their_unit(hong_bang_ward, capsys):
    call_command(
        "assign_role", "--personal-id", "031188002468", "--role", "official", "--agency", "11311"
    )

    assert User.objects.get(personal_id="031188002468").agency == hong_bang_ward
