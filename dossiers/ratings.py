"""The applicant's satisfaction, asked once the dossier's result is out."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from dossiers.exceptions import DossierError
from dossiers.models import Dossier, DossierStatus, SatisfactionRating
from portal.accounts.models import User

RATEABLE = (DossierStatus.RESULT_RETURNED, DossierStatus.NOT_RESOLVED)
COMMENT_MAX = 2000


class RatingRefused(DossierError):
    pass


def rating_asked(*, dossier: Dossier, user: User) -> bool:
    """Whether the page should ask this user to rate this dossier now."""
    return (
        dossier.applicant_id == user.pk
        and dossier.status in RATEABLE
        and not SatisfactionRating.objects.filter(dossier=dossier).exists()
    )


def with_rating_awaited(dossiers: QuerySet[Dossier], *, user: User) -> QuerySet[Dossier]:
    """Each dossier marked `rating_awaited`, rating_asked() in the query itself: the
    lists' "what you need to do" names the rating as the tracking page does."""
    rated = SatisfactionRating.objects.filter(dossier=OuterRef("pk"))
    awaited = Q(applicant=user, status__in=RATEABLE) & ~Exists(rated)
    return dossiers.annotate(rating_awaited=ExpressionWrapper(awaited, output_field=BooleanField()))


@transaction.atomic
def dossier_rate(
    *, dossier: Dossier, by: User, rating: int, comment: str = ""
) -> SatisfactionRating:
    """Record the applicant's rating, once. Raises RatingRefused."""
    if dossier.applicant_id != by.pk:
        raise RatingRefused(_("Chỉ người nộp hồ sơ được đánh giá. Only the applicant may rate."))
    if dossier.status not in RATEABLE:
        raise RatingRefused(_(
            "Chỉ đánh giá khi đã có kết quả giải quyết. Rate once the result is out."
        ))  # fmt: skip
    if rating not in range(1, 6):
        raise RatingRefused(_("Chọn từ 1 đến 5. Choose from 1 to 5."))
    comment = (comment or "").strip()[:COMMENT_MAX]
    try:
        with transaction.atomic():
            return SatisfactionRating.objects.create(
                dossier=dossier, rating=rating, comment=comment
            )
    except IntegrityError:
        raise RatingRefused(
            _("Hồ sơ này đã được đánh giá. This dossier has been rated already.")
        ) from None
