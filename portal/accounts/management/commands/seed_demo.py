from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from complaints.demo import demo_complaint_ensure, demo_routing_rules_ensure
from dossiers.demo import demo_citizen_dossier_ensure, demo_citizen_lookups_ensure
from portal.accounts.agencies import load_agencies
from portal.accounts.demo import demo_accounts_ensure
from portal.dashboards.demo_history import demo_history_ensure
from portal.dashboards.demo_reports import demo_reports_ensure
from procedures.catalog_io.importer import starter_catalog_load
from procedures.demo import demo_replacement_lists_publish


class Command(BaseCommand):
    help = (
        "Load the demo: the real agency tree, the starter catalog of national procedures, "
        "one account per role, twelve weeks of history for the dashboards and the reports "
        "of its weeks and months (idempotent)."
    )

    def handle(self, *args, **options):
        translation.activate("vi")
        report = load_agencies()
        self.stdout.write(
            f"Cơ quan / agencies: {report.provinces} tỉnh, thành phố; "
            f"{report.wards} xã, phường, đặc khu; {report.total} cơ quan."
        )
        catalog = starter_catalog_load()
        self.stdout.write(
            f"Thủ tục / procedures: {catalog.procedures.created} mới / new, "
            f"{catalog.procedures.updated} cập nhật / updated, "
            f"{catalog.procedures.unchanged} giữ nguyên / unchanged."
        )
        accounts = demo_accounts_ensure()
        for published in demo_replacement_lists_publish():
            self.stdout.write(
                f"Danh mục thay thế / replacement list: {published.agency.name} "
                f"v{published.version}, {published.entries.count()} thành phần / components."
            )
        rules = demo_routing_rules_ensure()
        complaint = demo_complaint_ensure()
        self.stdout.write(
            f"Phản ánh / complaints: {rules} quy tắc mới / new routing rules"
            + (f"; {complaint.code}" if complaint else "")
        )
        history = demo_history_ensure()
        if history:
            self.stdout.write(
                f"Lịch sử / history: {history.dossiers} hồ sơ / dossiers, "
                f"{history.complaints} phản ánh / complaints, {history.units} đơn vị / units, "
                f"{history.first:%d/%m/%Y}–{history.last:%d/%m/%Y}."
            )
        returned = demo_citizen_dossier_ensure()
        if returned:
            self.stdout.write(
                f"Hồ sơ của công dân / the citizen's dossier: {returned.code} "
                f"({returned.procedure.name}), đã trả kết quả / result returned."
            )
        if lookups := demo_citizen_lookups_ensure():
            self.stdout.write(
                f"Nhật ký khai thác dữ liệu / access log: {lookups} lượt tra cứu của hồ sơ "
                "công dân demo / lookups of the demo citizens' dossiers."
            )
        if reports := demo_reports_ensure():
            self.stdout.write(
                f"Báo cáo / reports: {reports} báo cáo tuần, tháng đã lập / weekly and monthly "
                "reports made."
            )
        base = settings.PORTAL_BASE_URL
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Tài khoản demo / demo accounts"))
        for account in accounts:
            where = f" · {account.agency}" if account.agency else ""
            self.stdout.write(
                f"  {account.login:<14} {account.full_name:<22} {account.role}{where}"
                f"  [{account.how}]"
            )
        self.stdout.write("")
        self.stdout.write(
            "Citizens and staff log in with VNeID: pick the person on the VNeID page."
        )
        self.stdout.write(self.style.MIGRATE_HEADING("Địa chỉ / addresses"))
        for label, path in [
            ("Cổng / portal", "/"),
            ("Đăng nhập / log in", "/accounts/login/"),
            ("Quản trị / admin", "/admin/"),
            ("Tình trạng / health", "/healthz"),
            ("Phản ánh / complaints", "/complaints/new/"),
            ("API", "/api/docs/"),
            ("VNeID (OIDC discovery)", "/vneid/.well-known/openid-configuration"),
        ]:
            self.stdout.write(f"  {label:<24} {base}{path}")
