"""Domain errors of dossiers, each with a bilingual message."""


class DossierError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NoRightToAct(DossierError):
    """The applicant may not start a procedure for this subject."""


class TransitionRefused(DossierError):
    """The dossier cannot make this move now (status, actor, reason or guard)."""


class NoSigningLeader(TransitionRefused):
    """The dossier's unit has no active leader who could sign it: proposing it
    would leave it waiting with nobody told, so it is not proposed."""


class DossierChanged(TransitionRefused):
    """The dossier is no longer as the page the move was sent from showed it
    (a colleague took it or moved it on): nothing was done; reload and decide again."""


class SupplementAlreadyRequested(DossierError):
    """The dossier's one supplement request was already made (by someone else, perhaps
    at the same moment): every missing item is asked for at once."""


class FormInvalid(DossierError):
    """What the applicant typed does not pass the form's rules; errors per field."""

    def __init__(self, *, errors: dict[str, str]) -> None:
        from django.utils.translation import gettext as _

        self.errors = errors
        super().__init__(
            _("Vui lòng sửa các trường được đánh dấu. Please correct the fields marked.")
        )


class LockedValueChanged(DossierError):
    """A value verified from a source came back changed: refused, as the
    applicant should flag it as wrong instead."""

    def __init__(self, *, fields) -> None:
        from django.utils.translation import gettext as _

        self.fields = fields
        super().__init__(
            _(
                "Không được sửa dữ liệu đã xác thực từ nguồn: %(fields)s. Nếu dữ liệu sai, hãy "
                "bấm “Dữ liệu này sai”. Data verified from a source cannot be changed: "
                "%(fields)s. If it is wrong, press “This is wrong”."
            )
            % {"fields": ", ".join(field.label for field in fields)}
        )


class ReplacedByData(DossierError):
    """A component that electronic data replaces was asked for or offered: the
    once-only rule. The one lawful exception is a recorded data gap."""

    def __init__(self, message: str, *, components) -> None:
        super().__init__(message)
        self.components = list(components)


class UploadRefused(DossierError):
    """A file the applicant uploaded was not taken; nothing of it was kept."""


class UploadTooLarge(UploadRefused):
    """The file is larger than a dossier accepts."""


class UploadTypeRefused(UploadRefused):
    """The file's content is not of an accepted type, whatever its name says."""


class UploadLimitReached(UploadRefused):
    """The dossier already holds as many files as it may."""


class TakenAtTheDesk(DossierError):
    """The draft is being taken at the one-stop desk: the official who took it
    completes and submits it; its applicant sees it but cannot change it online."""


class ResultContradicted(TransitionRefused):
    """The result, as asked, would certify what a source's verified data
    contradicts (a marital status certificate to marry for someone the register
    records as married): its approval is neither proposed nor signed."""
