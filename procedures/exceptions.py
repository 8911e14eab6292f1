"""Domain errors of the catalog and of replacement-list publication, each with
a message in Vietnamese and English and the HTTP status that pages and the API
answer with (mapped here, once)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from portal.core.both_languages import choice_in_both_languages
from procedures.models import ReplacementListStatus


class CatalogError(Exception):
    """Base of every refused catalog action."""

    code = "catalog_error"
    http_status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PublicationError(CatalogError):
    """A refused step of a replacement list's publication workflow."""

    code = "publication_error"


class PublicationInvalid(PublicationError):
    """What was asked is wrong in itself: an empty list, a date in the past,
    no reason, a replacement the agency does not apply."""

    code = "publication_invalid"
    http_status = 400


class PublicationForbidden(PublicationError):
    """This user may not take this step for this agency."""

    code = "publication_forbidden"
    http_status = 403

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or _(
                "Bạn không được thực hiện thao tác này với danh mục của cơ quan này. "
                "You may not take this action on this agency's list."
            )
        )


class OwnDraftApproval(PublicationForbidden):
    """A leader may not approve a list they drafted or submitted themselves."""

    code = "own_draft_approval"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Không được phê duyệt danh mục do chính mình soạn thảo hoặc trình. "
                "You may not approve a list you drafted or submitted yourself."
            )
        )


class PublicationConflict(PublicationError):
    """The list is not in a status that allows this step (or another user just
    moved it), or the agency already has an open list."""

    code = "publication_conflict"
    http_status = 409


class OpenListExists(PublicationConflict):
    code = "open_list_exists"

    def __init__(self, *, version: int) -> None:
        self.version = version
        super().__init__(
            _(
                "Cơ quan này đang có danh mục phiên bản %(version)s chưa công bố; hãy hoàn tất "
                "danh mục đó trước. This agency already has version %(version)s in progress; "
                "finish it first."
            )
            % {"version": version}
        )


class WrongListStatus(PublicationConflict):
    code = "wrong_list_status"

    def __init__(self, *, status: str) -> None:
        super().__init__(
            _(
                "Danh mục đang ở trạng thái “%(status_vi)s”, không thể thực hiện thao tác này. "
                "The list is “%(status_en)s”; this action is not possible now."
            )
            % choice_in_both_languages(ReplacementListStatus, status, "status")
        )
