"""Figures of the public catalog: a search over 5,000 generated procedures
(realistic Vietnamese names and components, typos and codes among the
queries), and a province's published replacement list of a few hundred
entries rendered through the test client."""

from __future__ import annotations

import datetime
import itertools
import random
from functools import cache

from django.test import Client

from bench.harness import figure, p95_ms

PROCEDURES = 5_000
LIST_ENTRIES = 300

SECTORS = {
    "ho-tich": "Hộ tịch", "cu-tru": "Cư trú", "dat-dai": "Đất đai", "xay-dung": "Xây dựng",
    "kinh-doanh": "Thành lập và hoạt động của hộ kinh doanh", "bao-tro-xa-hoi": "Bảo trợ xã hội",
    "giao-duc": "Giáo dục và Đào tạo", "y-te": "Khám bệnh, chữa bệnh", "moi-truong": "Môi trường",
    "giao-thong": "Đường bộ", "van-hoa": "Văn hóa", "lao-dong": "Việc làm",
    "tai-nguyen-nuoc": "Tài nguyên nước", "nong-nghiep": "Trồng trọt", "chung-thuc": "Chứng thực",
}  # fmt: skip
ACTIONS = (
    "Đăng ký",
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Điều chỉnh",
    "Gia hạn",
    "Xác nhận",
    "Thay đổi",
    "Thu hồi",
    "Công nhận",
    "Chấm dứt",
    "Giải quyết",
    "Đăng ký lại",
    "Thẩm định",
    "Phê duyệt",
    "Cho phép",
    "Hỗ trợ",
    "Chuyển đổi",
    "Bổ sung",
    "Đăng ký thay đổi",
)
SUBJECTS = (
    "khai sinh",
    "kết hôn",
    "khai tử",
    "nhận cha, mẹ, con",
    "giám hộ",
    "thường trú",
    "tạm trú",
    "giấy phép xây dựng",
    "giấy chứng nhận quyền sử dụng đất",
    "hộ kinh doanh",
    "giấy phép lái xe",
    "chứng chỉ hành nghề",
    "trợ cấp xã hội hằng tháng",
    "thẻ bảo hiểm y tế",
    "giấy phép môi trường",
    "giao đất, cho thuê đất",
    "giấy chứng nhận đăng ký doanh nghiệp",
    "giấy phép khai thác nước dưới đất",
    "giấy phép tổ chức biểu diễn nghệ thuật",
    "hộ nghèo, hộ cận nghèo",
    "trợ cấp mai táng",
    "giấy phép quảng cáo",
    "giấy phép kinh doanh vận tải",
    "đăng ký xe",
    "con nuôi",
    "giấy phép hoạt động giáo dục",
    "giấy phép hoạt động khám bệnh, chữa bệnh",
    "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
    "thuyết minh viên du lịch",
    "tình trạng hôn nhân",
    "cải chính hộ tịch",
    "xác định lại dân tộc",
    "trợ cấp thất nghiệp",
    "chuyển mục đích sử dụng đất",
    "giấy phép sản xuất rượu thủ công",
)
QUALIFIERS = (
    "",
    "có yếu tố nước ngoài",
    "cho người nước ngoài",
    "lần đầu",
    "trong trường hợp bị mất, hỏng",
    "cho hộ gia đình, cá nhân",
    "đối với tổ chức",
    "tại Ủy ban nhân dân cấp xã",
    "kết hợp",
    "lưu động",
    "đối với công trình cấp III",
    "cho đối tượng bảo trợ xã hội",
    "theo thủ tục rút gọn",
    "trên môi trường điện tử",
)
COMPONENTS = (
    "Tờ khai theo mẫu",
    "Đơn đề nghị",
    "Giấy xác nhận thông tin về cư trú",
    "Thẻ căn cước hoặc căn cước công dân",
    "Giấy khai sinh (bản sao)",
    "Giấy chứng nhận kết hôn",
    "Sổ hộ khẩu hoặc sổ tạm trú",
    "Giấy chứng tử",
    "Giấy xác nhận tình trạng hôn nhân",
    "Giấy chứng nhận quyền sử dụng đất",
    "Bản vẽ thiết kế xây dựng",
    "Giấy chứng nhận đăng ký hộ kinh doanh",
    "Văn bản ủy quyền có chứng thực",
    "Giấy phép lái xe",
    "Thẻ bảo hiểm y tế",
    "Sổ bảo hiểm xã hội",
    "Giấy chứng sinh",
    "Bản sao quyết định",
    "Báo cáo đánh giá tác động môi trường",
    "Hợp đồng thuê nhà ở",
    "Giấy chứng nhận đăng ký xe",
    "Ảnh chân dung 4x6 cm",
    "Giấy khám sức khỏe",
    "Văn bằng, chứng chỉ chuyên môn",
    "Giấy tờ chứng minh nhân thân",
)
QUERIES = (
    "dang ky khai sinh",
    "Đăng ký kết hôn",
    "giấy phép xây dựng",
    "cap lai giay phep lai xe",
    "khai sihn",
    "thuong tru",
    "1.000124",
    "so ho khau",
    "ho kinh doanh lan dau",
    "giay chung nhan quyen su dung dat",
    "tro cap xa hoi",
    "dang ki tam tru",
    "con nuoi",
)


@cache
def _catalog() -> None:
    from procedures.indexing import search_documents_refresh
    from procedures.models import DossierComponent, Procedure, Sector

    generator = random.Random(66)
    sectors = [
        Sector.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in SECTORS.items()
    ]
    names = [
        " ".join(part for part in (action, subject, qualifier) if part)
        for action, subject, qualifier in itertools.product(ACTIONS, SUBJECTS, QUALIFIERS)
    ]
    generator.shuffle(names)
    procedures = Procedure.objects.bulk_create(
        Procedure(
            code=f"{1 + n % 2}.{n:06d}", name=name, sector=generator.choice(sectors),
            level="commune" if n % 3 else "province",
            agency_kinds=["commune_committee"] if n % 3 else ["provincial_department"],
            processing_days=generator.choice((1, 3, 5, 10, 15)), online_level="full",
            result_type="Quyết định", steps=["Nộp hồ sơ", "Tiếp nhận", "Trả kết quả"],
        )
        for n, name in enumerate(names[:PROCEDURES])
    )  # fmt: skip
    DossierComponent.objects.bulk_create(
        DossierComponent(procedure=procedure, code=f"tp-{k}", position=k, name=name)
        for procedure in procedures
        for k, name in enumerate(generator.sample(COMPONENTS, generator.randint(3, 6)))
    )
    search_documents_refresh(procedures=Procedure.objects.all())


@figure("catalog_search_p95_ms", unit="ms", at_most=30, order=20)
def catalog_search_p95_ms() -> float:
    """One search as the catalog page runs it: the count and the first page."""
    from procedures.search import catalog_search

    _catalog()
    queries = itertools.cycle(QUERIES)

    def search() -> None:
        found = catalog_search(query=next(queries))
        page = list(found[:20])
        if not page or found.count() < len(page):
            raise RuntimeError("a bench query found nothing")

    return p95_ms(search, samples=260, warmup=len(QUERIES))


@cache
def _published_province_list() -> str:
    from portal.accounts.models import Agency, AgencyKind, User
    from procedures.models import (
        ElectronicReplacement,
        ReplacementList,
        ReplacementListEntry,
        ReplacementListStatus,
    )

    _catalog()
    province, _ = Agency.objects.get_or_create(
        code="31", defaults={"name": "UBND thành phố Hải Phòng",
                             "kind": AgencyKind.PROVINCE_COMMITTEE, "province_code": 31},
    )  # fmt: skip
    staff, _ = User.objects.get_or_create(username="bench-center-staff")
    replaced = ElectronicReplacement.objects.bulk_create(
        ElectronicReplacement(
            component=component, document_type=document, source=source, fields=[field],
            legal_basis="Nghị quyết 66.7/2025/NQ-CP", effective_date=datetime.date(2025, 11, 15),
        )
        for component, (document, source, field) in zip(
            _province_components(LIST_ENTRIES),
            itertools.cycle([
                ("residence_confirmation", "population", "permanent_address"),
                ("citizen_id_card", "vneid_documents", "citizen_id_card"),
                ("land_use_certificate", "land", "land_use_certificates"),
                ("birth_certificate", "civil_status", "birth_registration"),
            ]),
            strict=False,
        )
    )  # fmt: skip
    published = ReplacementList.objects.create(
        agency=province, version=1, status=ReplacementListStatus.PUBLISHED, created_by=staff,
        title="Danh mục thành phần hồ sơ được thay thế bằng dữ liệu điện tử",
        effective_date=datetime.date(2026, 1, 1),
    )  # fmt: skip
    ReplacementListEntry.objects.bulk_create(
        ReplacementListEntry(
            replacement_list=published, replacement=replacement,
            procedure_code=replacement.component.procedure.code,
            procedure_name=replacement.component.procedure.name,
            sector_name=replacement.component.procedure.sector.name,
            component_code=replacement.component.code, component_name=replacement.component.name,
            document_type=replacement.document_type, source=replacement.source,
            fields=replacement.fields, legal_basis=replacement.legal_basis,
            effective_date=replacement.effective_date,
        )
        for replacement in replaced
    )  # fmt: skip
    return f"/procedures/replacement-lists/{province.code}/"


def _province_components(count: int):
    from procedures.models import DossierComponent

    return list(
        DossierComponent.objects.filter(procedure__level="province")
        .select_related("procedure__sector")
        .order_by("procedure__code", "position")[:count]
    )


@figure("public_list_page_p95_ms", unit="ms", at_most=50, order=21)
def public_list_page_p95_ms() -> float:
    path = _published_province_list()
    client = Client()

    def page() -> None:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")

    return p95_ms(page, samples=100)
