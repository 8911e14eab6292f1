"""The document types that data from a source can stand in for: the paper a
citizen used to bring (a birth certificate, a residence confirmation…) and the
source fields that now replace it. The catalog's electronic replacements point
here; the fifteen types follow the Ministry of Public Security's list of
papers replaceable by data from the population database, VNeID and the
databases connected to them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from datasources.exceptions import LookupRefused
from datasources.registry import Source, _in_english, source


class UnknownDocumentType(LookupRefused):
    code = "unknown_document_type"

    def __init__(self, *, document_type: str) -> None:
        self.document_type = document_type
        super().__init__(
            _("Không có loại giấy tờ “%(code)s”. Unknown document type “%(code)s”.")
            % {"code": document_type}
        )


@dataclass(frozen=True)
class DocumentType:
    code: str
    name_vi: str
    name_en: str
    source_code: str
    fields: tuple[str, ...]
    # Phrases that name the paper in a dossier component, folded as
    # procedures.indexing.fold folds (lower case, no diacritics): how the
    # coverage view finds components that could be replaced and are not yet.
    keywords: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.name_en if _in_english() else self.name_vi

    @property
    def source(self) -> Source:
        return source(self.source_code)


DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType("citizen_id_card", "Thẻ căn cước, thẻ căn cước công dân",
                 "Citizen ID card", "vneid_documents", ("citizen_id_card",),
                 keywords=("the can cuoc", "can cuoc cong dan", "can cuoc",
                           "chung minh nhan dan", "cccd", "cmnd")),
    DocumentType("identity_information", "Giấy tờ chứng minh nhân thân (họ tên, ngày sinh, "
                 "giới tính, dân tộc, quốc tịch, quê quán)", "Proof of identity particulars",
                 "population", ("full_name", "date_of_birth", "sex", "ethnicity", "nationality",
                                "place_of_origin"),
                 keywords=("giay to chung minh nhan than", "giay to nhan than",
                           "giay to tuy than")),
    DocumentType("residence_confirmation", "Giấy xác nhận thông tin về cư trú",
                 "Residence information confirmation", "population",
                 ("permanent_address", "temporary_address", "address_updated_at"),
                 keywords=("xac nhan thong tin ve cu tru", "xac nhan cu tru",
                           "xac nhan noi cu tru", "chung minh noi cu tru")),
    DocumentType("household_membership", "Giấy tờ chứng minh quan hệ thành viên hộ gia đình "
                 "(sổ hộ khẩu, sổ tạm trú)", "Proof of household membership", "population",
                 ("household_id", "household_relation", "household_members"),
                 keywords=("so ho khau", "so tam tru", "thanh vien ho gia dinh",
                           "xac nhan thong tin ho gia dinh")),
    DocumentType("birth_certificate", "Giấy khai sinh, trích lục khai sinh",
                 "Birth certificate", "civil_status", ("birth_registration",),
                 keywords=("giay khai sinh", "trich luc khai sinh")),
    DocumentType("marriage_certificate", "Giấy chứng nhận kết hôn, trích lục kết hôn",
                 "Marriage certificate", "civil_status", ("marriage_registration",),
                 keywords=("giay chung nhan ket hon", "giay dang ky ket hon", "trich luc ket hon")),
    DocumentType("marital_status_confirmation", "Giấy xác nhận tình trạng hôn nhân",
                 "Marital status confirmation", "civil_status", ("marital_status",),
                 keywords=("xac nhan tinh trang hon nhan",)),
    DocumentType("death_certificate", "Giấy chứng tử, trích lục khai tử",
                 "Death certificate", "civil_status", ("death_registration",),
                 keywords=("giay chung tu", "giay khai tu", "trich luc khai tu")),
    DocumentType("driving_licence", "Giấy phép lái xe", "Driving licence", "vneid_documents",
                 ("driving_licence",),
                 keywords=("giay phep lai xe", "bang lai xe")),
    DocumentType("vehicle_registration", "Giấy chứng nhận đăng ký xe",
                 "Vehicle registration certificate", "vneid_documents",
                 ("vehicle_registrations",),
                 keywords=("giay chung nhan dang ky xe", "giay dang ky xe")),
    DocumentType("health_insurance_card", "Thẻ bảo hiểm y tế", "Health-insurance card",
                 "insurance", ("health_insurance_card",),
                 keywords=("the bao hiem y te", "the bhyt")),
    DocumentType("social_insurance_book", "Sổ bảo hiểm xã hội", "Social-insurance book",
                 "insurance", ("social_insurance_number", "contribution_months", "employer"),
                 keywords=("so bao hiem xa hoi", "so bhxh")),
    DocumentType("tax_registration", "Giấy chứng nhận đăng ký thuế, thông báo mã số thuế "
                 "cá nhân", "Personal tax-code registration", "vneid_documents", ("tax_code",),
                 keywords=("ma so thue", "dang ky thue")),
    DocumentType("business_registration_certificate", "Giấy chứng nhận đăng ký doanh nghiệp, "
                 "hộ kinh doanh", "Business registration certificate", "business_registration",
                 ("businesses",),
                 keywords=("giay chung nhan dang ky doanh nghiep",
                           "giay chung nhan dang ky ho kinh doanh",
                           "giay chung nhan dang ky kinh doanh")),
    DocumentType("land_use_certificate", "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu "
                 "nhà ở và tài sản gắn liền với đất", "Land-use right certificate", "land",
                 ("land_use_certificates",),
                 keywords=("giay chung nhan quyen su dung dat",
                           "giay chung nhan quyen so huu nha o")),
)  # fmt: skip

_BY_CODE = {document.code: document for document in DOCUMENT_TYPES}


def all_document_types() -> tuple[DocumentType, ...]:
    return DOCUMENT_TYPES


def document_type(code: str) -> DocumentType:
    """The document type with this code. Raises UnknownDocumentType."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise UnknownDocumentType(document_type=code) from None
