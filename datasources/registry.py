"""The source registry: every national or specialised database the portal
reads, with its owner, its fields (type and labels) and how long a fetched
record stays fresh. Adapters are named in settings (DATASOURCE_ADAPTERS) and
loaded by dotted path, like Django's pluggable backends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from datasources.exceptions import UnknownField, UnknownSource


def _in_english() -> bool:
    return (get_language() or "vi").startswith("en")


# The parts of a record a source returns as one value (a marriage
# registration, a driving licence, a land-use certificate…), as people name them.
PART_LABELS: dict[str, tuple[str, str]] = {
    "number": ("Số", "Number"),
    "registered_on": ("Ngày đăng ký", "Registered on"),
    "issued_on": ("Ngày cấp", "Issued on"),
    "issued_by": ("Nơi cấp", "Issued by"),
    "expires_on": ("Có giá trị đến", "Valid until"),
    "valid_until": ("Có giá trị đến", "Valid until"),
    "full_name": ("Họ và tên", "Full name"),
    "personal_id": ("Số định danh", "Personal ID"),
    "relation": ("Quan hệ", "Relation"),
    "father_name": ("Họ tên cha", "Father's name"),
    "mother_name": ("Họ tên mẹ", "Mother's name"),
    "spouse_name": ("Họ tên vợ/chồng", "Spouse's name"),
    "spouse_personal_id": ("Số định danh vợ/chồng", "Spouse's personal ID"),
    "class": ("Hạng", "Class"),
    "plate": ("Biển số", "Plate"),
    "brand": ("Nhãn hiệu", "Make"),
    "registered_hospital": ("Nơi đăng ký khám chữa bệnh ban đầu", "Registered clinic"),
    "employer": ("Đơn vị sử dụng lao động", "Employer"),
    "contribution_months": ("Số tháng đóng", "Months paid in"),
    "social_insurance_number": ("Mã số bảo hiểm xã hội", "Social insurance number"),
    "enterprise_code": ("Mã số doanh nghiệp", "Enterprise code"),
    "name": ("Tên", "Name"),
    "status": ("Tình trạng", "Status"),
    "address": ("Địa chỉ", "Address"),
    "certificate_number": ("Số giấy chứng nhận", "Certificate number"),
    "parcel_number": ("Thửa đất số", "Parcel"),
    "map_sheet": ("Tờ bản đồ số", "Map sheet"),
    "land_use_purpose": ("Mục đích sử dụng", "Land use"),
    "kind": ("Loại", "Kind"),
    "ward_code": ("Mã xã, phường", "Ward code"),
    # The ward_code part as pages show it: by the unit's name (eforms.value_shown).
    "ward": ("Xã, phường", "Commune or ward"),
    "date_of_death": ("Ngày chết", "Date of death"),
    "place_of_death": ("Nơi chết", "Place of death"),
    "date_of_birth": ("Ngày sinh", "Date of birth"),
    "area_m2": ("Diện tích (m²)", "Area (m²)"),
}


def part_label(name: str) -> str:
    """A record part's name in the page language; the key itself for a part
    not listed."""
    labels = PART_LABELS.get(name)
    if labels is None:
        return name
    return labels[1] if _in_english() else labels[0]


@dataclass(frozen=True)
class SourceField:
    name: str
    type: str  # "string", "date", "integer", "object", "list"
    label_vi: str
    label_en: str
    # The words for a coded value, as (code, Vietnamese, English): sources
    # send "male", people read "Nam".
    value_labels: tuple[tuple[str, str, str], ...] = ()

    @property
    def label(self) -> str:
        return self.label_en if _in_english() else self.label_vi

    def value_label(self, value, *, language: str | None = None):
        """The words for a coded value (in `language`, else the active one);
        any other value as it is."""
        for code, vi, en in self.value_labels:
            if value == code:
                english = language == "en" if language else _in_english()
                return en if english else vi
        return value


@dataclass(frozen=True)
class Source:
    code: str
    name_vi: str
    name_en: str
    owner_agency_code: str
    freshness: timedelta
    fields: tuple[SourceField, ...]

    @property
    def name(self) -> str:
        return self.name_en if _in_english() else self.name_vi

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)

    def field(self, name: str) -> SourceField:
        for field in self.fields:
            if field.name == name:
                return field
        raise UnknownField(source=self.code, field=name)

    def checked_fields(self, names) -> list[str]:
        """The requested field names, each known to this source. Raises UnknownField."""
        names = list(names)
        for name in names:
            self.field(name)
        return names


def _f(name: str, type_: str, vi: str, en: str, values=()) -> SourceField:
    return SourceField(name, type_, vi, en, tuple(values))


SEX = (("male", "Nam", "Male"), ("female", "Nữ", "Female"))
MARITAL_STATUS = (
    ("single", "Chưa kết hôn", "Single"),
    ("married", "Đã kết hôn", "Married"),
    ("divorced", "Đã ly hôn", "Divorced"),
    ("widowed", "Góa", "Widowed"),
)


SOURCES: tuple[Source, ...] = (
    Source(
        "population", "CSDL quốc gia về dân cư", "National Population Database", "BCA.C06",
        timedelta(hours=24),
        (
            _f("personal_id", "string", "Số định danh cá nhân", "Personal ID number"),
            _f("full_name", "string", "Họ, chữ đệm và tên", "Full name"),
            _f("date_of_birth", "date", "Ngày, tháng, năm sinh", "Date of birth"),
            _f("sex", "string", "Giới tính", "Sex", SEX),
            _f("ethnicity", "string", "Dân tộc", "Ethnicity"),
            _f("religion", "string", "Tôn giáo", "Religion"),
            _f("nationality", "string", "Quốc tịch", "Nationality"),
            _f("place_of_origin", "string", "Quê quán", "Place of origin"),
            _f("permanent_address", "string", "Nơi thường trú", "Permanent residence"),
            _f("permanent_ward_code", "integer", "Mã xã, phường thường trú", "Residence ward code"),
            _f("temporary_address", "string", "Nơi tạm trú", "Temporary residence"),
            _f("household_id", "string", "Số hộ", "Household number"),
            _f("household_relation", "string", "Quan hệ với chủ hộ", "Relation to household head"),
            _f("household_head_full_name", "string", "Họ, chữ đệm và tên chủ hộ",
               "Household head's full name"),
            _f("household_head_personal_id", "string", "Số định danh cá nhân của chủ hộ",
               "Household head's personal ID number"),
            _f("household_members", "list", "Thành viên hộ gia đình", "Household members"),
            _f("address_updated_at", "date", "Ngày cập nhật nơi cư trú", "Residence updated on"),
        ),
    ),
    Source(
        "civil_status", "CSDL hộ tịch điện tử", "Civil Status Database", "BTP",
        timedelta(hours=24),
        (
            _f("birth_registration", "object", "Đăng ký khai sinh", "Birth registration"),
            _f("marital_status", "string", "Tình trạng hôn nhân", "Marital status",
               MARITAL_STATUS),
            _f("marriage_registration", "object", "Đăng ký kết hôn", "Marriage registration"),
            _f("death_registration", "object", "Đăng ký khai tử", "Death registration"),
        ),
    ),
    Source(
        "vneid_documents", "Giấy tờ tích hợp trên VNeID", "VNeID integrated documents", "BCA.C06",
        timedelta(hours=12),
        (
            _f("citizen_id_card", "object", "Thẻ căn cước", "Citizen ID card"),
            _f("driving_licence", "object", "Giấy phép lái xe", "Driving licence"),
            _f("vehicle_registrations", "list", "Đăng ký xe", "Vehicle registrations"),
            _f("health_insurance", "object", "Thẻ bảo hiểm y tế", "Health-insurance card"),
            _f("social_insurance_number", "string", "Số sổ bảo hiểm xã hội",
               "Social-insurance book number"),
            _f("tax_code", "string", "Mã số thuế cá nhân", "Personal tax code"),
        ),
    ),
    Source(
        "business_registration", "CSDL quốc gia về đăng ký doanh nghiệp",
        "National Business Registration Database", "BTC.DKKD", timedelta(hours=24),
        (_f("businesses", "list", "Doanh nghiệp do người này đại diện theo pháp luật",
            "Businesses this person legally represents"),),
    ),
    Source(
        "insurance", "CSDL quốc gia về bảo hiểm", "National Insurance Database", "BHXH",
        timedelta(hours=24),
        (
            _f("social_insurance_number", "string", "Mã số bảo hiểm xã hội",
               "Social-insurance number"),
            _f("contribution_months", "integer", "Số tháng đóng bảo hiểm xã hội",
               "Months of social-insurance contributions"),
            _f("employer", "string", "Đơn vị đang tham gia bảo hiểm", "Current employer"),
            _f("health_insurance_card", "object", "Thẻ bảo hiểm y tế", "Health-insurance card"),
        ),
    ),
    Source(
        "land", "CSDL đất đai quốc gia", "National Land Database", "BNNMT", timedelta(hours=24),
        (_f("land_use_certificates", "list", "Giấy chứng nhận quyền sử dụng đất",
            "Land-use certificates"),),
    ),
)  # fmt: skip

_BY_CODE = {source.code: source for source in SOURCES}


def all_sources() -> tuple[Source, ...]:
    return SOURCES


def source(code: str) -> Source:
    """The source with this code. Raises UnknownSource."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise UnknownSource(source=code) from None


def source_name(code: str, *, vietnamese: bool = False) -> str:
    """The source's name in the page language, or in Vietnamese for what is
    Vietnamese whatever the reader's language (printed papers, reports, open
    data); its code for a source the registry no longer knows."""
    try:
        known = source(code)
    except UnknownSource:
        return code
    return known.name_vi if vietnamese else known.name


DEFAULT_ADAPTER = "datasources.adapters.GatewayAdapter"


@cache
def _adapter_class(path: str):
    return import_string(path)


def adapter_for(code: str):
    """The adapter serving this source, as named in settings.DATASOURCE_ADAPTERS."""
    path = settings.DATASOURCE_ADAPTERS.get(code, DEFAULT_ADAPTER)
    return _adapter_class(path)(source(code))
