"""Domain errors of dossiers, each with a bilingual message."""


class DossierError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NoRightToAct(DossierError):
    """The applicant may not start a procedure for this subject."""
