"""The problems a catalog file can have, each in Vietnamese then English, named
so that validation reads as a list of rules."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

NOT_AN_OBJECT = _("Phải là một đối tượng JSON. Must be a JSON object.")
NOT_A_LIST = _("“%(key)s” phải là một danh sách. “%(key)s” must be a list.")
BAD_FORMAT = _("“format” phải là “%(format)s”. “format” must be “%(format)s”.")
BAD_VERSION = _(
    "Phiên bản định dạng %(version)s không được hỗ trợ (chỉ %(supported)s). "
    "Format version %(version)s is not supported (only %(supported)s)."
)
UNKNOWN_COLUMN = _("Cột “%(column)s” không thuộc định dạng. Unknown column “%(column)s”.")
MISSING_COLUMN = _("Thiếu cột “%(column)s”. Missing column “%(column)s”.")
REPEATED_COLUMN = _("Cột “%(column)s” lặp lại. Column “%(column)s” is repeated.")
UNKNOWN_KEY = _("Khóa “%(key)s” không thuộc định dạng. Unknown key “%(key)s”.")
MISSING_KEY = _("Thiếu “%(key)s”. Missing “%(key)s”.")
EMPTY = _("“%(key)s” không được để trống. “%(key)s” must not be empty.")
BAD_TEXT = _(
    "“%(key)s” phải là văn bản, tối đa %(n)s ký tự. "
    "“%(key)s” must be text of at most %(n)s characters."
)
BAD_CODE = _(
    "“%(key)s” chỉ gồm chữ không dấu, số, “-” và “_”: “%(value)s”. "
    "“%(key)s” may hold only ASCII letters, digits, “-” and “_”: “%(value)s”."
)
BAD_INTEGER = _(
    "“%(key)s” phải là số nguyên từ 0 đến %(max)s, không phải “%(value)s”. "
    "“%(key)s” must be a whole number from 0 to %(max)s, not “%(value)s”."
)
BAD_BOOLEAN = _(
    "“%(key)s” phải là true hoặc false, không phải “%(value)s”. "
    "“%(key)s” must be true or false, not “%(value)s”."
)
BAD_CHOICE = _(
    "“%(value)s” không phải giá trị hợp lệ của “%(key)s” (chọn: %(choices)s). "
    "“%(value)s” is not a valid “%(key)s” (one of: %(choices)s)."
)
BAD_DATE = _(
    "“%(value)s” không phải ngày hợp lệ (YYYY-MM-DD) cho “%(key)s”. "
    "“%(value)s” is not a valid date (YYYY-MM-DD) for “%(key)s”."
)
BAD_TEXTS = _(
    "“%(key)s” phải là danh sách văn bản không rỗng. “%(key)s” must be a list of non-empty texts."
)
DUPLICATE_SECTOR = _(
    "Mã lĩnh vực “%(code)s” bị trùng (%(first)s). "
    "Duplicate sector code “%(code)s” (also at %(first)s)."
)
DUPLICATE_FORM = _(
    "Mã biểu mẫu “%(code)s” bị trùng (%(first)s). "
    "Duplicate form code “%(code)s” (also at %(first)s)."
)
DUPLICATE_PROCEDURE = _(
    "Mã thủ tục “%(code)s” bị trùng (%(first)s). "
    "Duplicate procedure code “%(code)s” (also at %(first)s)."
)
DUPLICATE_COMPONENT = _(
    "Mã thành phần “%(code)s” bị trùng trong thủ tục (%(first)s). "
    "Duplicate component code “%(code)s” in this procedure (also at %(first)s)."
)
DUPLICATE_DOCUMENT_TYPE = _(
    "Loại giấy tờ “%(code)s” lặp lại trong thành phần này (%(first)s). "
    "Document type “%(code)s” is repeated in this component (also at %(first)s)."
)
DUPLICATE_FIELD = _(
    "Tên trường “%(code)s” bị trùng (%(first)s). "
    "Duplicate field name “%(code)s” (also at %(first)s)."
)
UNKNOWN_AGENCY_KIND = _(
    "Không có loại cơ quan “%(kind)s” (chọn: %(choices)s). "
    "Unknown agency kind “%(kind)s” (one of: %(choices)s)."
)
CONDITION_MISSING = _(
    "Thành phần có điều kiện phải nêu điều kiện (“condition”). "
    "A conditional component must state its “condition”."
)
UNKNOWN_DOCUMENT_TYPE = _("Không có loại giấy tờ “%(code)s”. Unknown document type “%(code)s”.")
UNKNOWN_REPLACING_FIELD = _(
    "Loại giấy tờ “%(code)s” không có trường “%(field)s” (các trường: %(fields)s). "
    "Document type “%(code)s” has no field “%(field)s” (its fields: %(fields)s)."
)
NO_REPLACING_FIELD = _("Cần ít nhất một trường thay thế. At least one replacing field is needed.")
NO_LEGAL_BASIS = _("Cần nêu căn cứ pháp lý. The legal basis must be stated.")
BAD_BINDING = _(
    "Liên kết “%(binding)s” phải có dạng nguồn.trường, applicant:nguồn.trường "
    "(hồ sơ của chính người nộp), applicant[trường=giá trị]:nguồn.trường hoặc null. "
    "Binding “%(binding)s” must be source.field, applicant:source.field (the applicant's "
    "own record), applicant[field=value]:source.field or null."
)
UNKNOWN_BINDING_SOURCE = _(
    "Liên kết “%(binding)s”: không có nguồn dữ liệu “%(source)s”. "
    "Binding “%(binding)s”: unknown data source “%(source)s”."
)
UNKNOWN_BINDING_FIELD = _(
    "Liên kết “%(binding)s”: nguồn “%(source)s” không có trường “%(field)s”. "
    "Binding “%(binding)s”: source “%(source)s” has no field “%(field)s”."
)
BAD_BEFORE_FIELD = _(
    "“before_field” phải nêu một trường ngày khác của biểu mẫu, không phải “%(field)s”, "
    "và chỉ dùng cho trường ngày. "
    "“before_field” must name another date field of the form, not “%(field)s”, "
    "and only on a date field."
)
BAD_STATED_FIELD = _(
    "Liên kết “%(binding)s”: “form.%(field)s” phải nêu một trường lựa chọn của biểu mẫu "
    "có giá trị “%(value)s”. Binding “%(binding)s”: “form.%(field)s” must name a choice "
    "field of the form with the option “%(value)s”."
)
BAD_ONLY_WHEN = _(
    "Điều kiện “only_when” “%(condition)s” phải có dạng “trường=giá trị”, nêu một trường lựa "
    "chọn khác của biểu mẫu có giá trị đó. The “only_when” condition “%(condition)s” must read "
    "“field=value” and name another choice field of the form with that option."
)
UNKNOWN_SECTOR = _(
    "Không có lĩnh vực “%(code)s” trong tệp hay trong danh mục. "
    "Unknown sector “%(code)s”: neither in the file nor in the catalog."
)
UNKNOWN_FORM = _(
    "Không có biểu mẫu “%(code)s” trong tệp hay trong danh mục. "
    "Unknown form “%(code)s”: neither in the file nor in the catalog."
)
