"""Staff API: drafting and moving replacement lists through their workflow.
The same services as the staff pages; refusals come back as
{"code", "detail"} with the status the domain error carries (400, 403, 409)."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api_errors import ErrorSerializer
from portal.api_schema import NOT_FOUND
from portal.core.keys import key_or_none
from procedures import publication
from procedures.diff import replacement_list_diff
from procedures.exceptions import PublicationError
from procedures.list_workflow import WORKFLOW_ROLES, allowed_actions
from procedures.models import ReplacementList, ReplacementListStatus
from procedures.selectors import (
    catalog_replacements_not_on,
    list_agencies_visible_to,
    replacement_list_entries,
    replacement_list_events,
    replacement_list_previous_published,
    replacement_list_published_of,
    replacement_lists_visible_to,
)


class IsCatalogStaff(permissions.BasePermission):
    """Service-center staff and leaders; the object scope is the selectors'."""

    message = (
        "Chỉ cán bộ Trung tâm Phục vụ hành chính công và lãnh đạo được làm việc với danh mục "
        "thay thế. Only service-center staff and leaders work on replacement lists."
    )

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role in WORKFLOW_ROLES)


def _error(error: PublicationError) -> Response:
    return Response({"code": error.code, "detail": error.message}, status=error.http_status)


ERRORS = {code: ErrorSerializer for code in (400, 403, 404, 409)}


class StaffListEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    replacement = serializers.IntegerField(source="replacement_id", allow_null=True)
    procedure_code = serializers.CharField()
    procedure_name = serializers.CharField()
    sector_name = serializers.CharField()
    component_code = serializers.CharField()
    component_name = serializers.CharField()
    document_type = serializers.CharField()
    source = serializers.CharField()
    fields = serializers.ListField(child=serializers.CharField())
    legal_basis = serializers.CharField()
    effective_date = serializers.DateField()


class StaffListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency_code = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReplacementListStatus.choices)
    title = serializers.CharField()
    effective_date = serializers.DateField(allow_null=True)
    created_by = serializers.CharField(source="created_by.__str__")
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    approved_by = serializers.CharField(source="approved_by.__str__", allow_null=True, default=None)
    approved_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    superseded_at = serializers.DateTimeField(allow_null=True)


class StaffListEventSerializer(serializers.Serializer):
    action = serializers.CharField()
    actor = serializers.CharField(source="actor.__str__")
    note = serializers.CharField()
    at = serializers.DateTimeField()


class StaffListDetailSerializer(StaffListSerializer):
    """A list with its entries, its history and what the caller may do now
    ("edit", "submit", "return", "approve", "publish")."""

    entries = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    @extend_schema_field(StaffListEntrySerializer(many=True))
    def get_entries(self, replacement_list: ReplacementList):
        entries = replacement_list_entries(replacement_list=replacement_list)
        return StaffListEntrySerializer(entries, many=True).data

    @extend_schema_field(StaffListEventSerializer(many=True))
    def get_events(self, replacement_list: ReplacementList):
        events = replacement_list_events(replacement_list=replacement_list)
        return StaffListEventSerializer(events, many=True).data

    def get_allowed_actions(self, replacement_list: ReplacementList) -> list[str]:
        return sorted(allowed_actions(replacement_list=replacement_list, user=self.context["user"]))


class StaffListChangeSerializer(serializers.Serializer):
    """An entry kept with a different text: which fields differ, before and after."""

    fields = serializers.ListField(child=serializers.CharField())
    old = StaffListEntrySerializer()
    new = StaffListEntrySerializer()


def _list_or_404(request: Request, pk: int) -> ReplacementList:
    return get_object_or_404(replacement_lists_visible_to(user=request.user), pk=pk)


def _shown(request: Request, replacement_list: ReplacementList) -> Response:
    return Response(
        StaffListDetailSerializer(replacement_list, context={"user": request.user}).data
    )


class StaffListsApi(APIView):
    """The lists of the agencies the caller may see (every version, newest
    first); start the next version of an agency's list as a draft."""

    permission_classes = [IsCatalogStaff]

    class InputSerializer(serializers.Serializer):
        agency = serializers.CharField(max_length=32, help_text="The agency's code.")

    class OutputSerializer(StaffListSerializer):
        entry_count = serializers.IntegerField()

    @extend_schema(
        parameters=[
            OpenApiParameter("agency", str, description="An agency code."),
            OpenApiParameter("status", str, enum=ReplacementListStatus.values),
        ],
        responses=OutputSerializer(many=True),
        summary="The lists of the agencies the caller may see",
    )
    def get(self, request: Request) -> Response:
        lists = replacement_lists_visible_to(user=request.user).annotate(
            entry_count=Count("entries")
        )
        if agency := request.query_params.get("agency"):
            lists = lists.filter(agency__code=agency)
        if state := request.query_params.get("status"):
            lists = lists.filter(status=state)
        lists = lists.order_by("agency__path", "-version")[:500]
        return Response(self.OutputSerializer(lists, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: StaffListSerializer, **ERRORS},
        summary="Start the next version of an agency's list as a draft",
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        agency = (
            list_agencies_visible_to(user=request.user)
            .filter(code=data.validated_data["agency"])
            .first()
        )
        if agency is None:
            return Response(
                {"code": "unknown_agency",
                 "detail": _("Không có cơ quan này trong phạm vi của bạn. "
                             "There is no such agency you may see.")},
                status=status.HTTP_404_NOT_FOUND,
            )  # fmt: skip
        try:
            draft = publication.replacement_list_draft_start(agency=agency, by=request.user)
        except PublicationError as error:
            return _error(error)
        return Response(StaffListSerializer(draft).data, status=status.HTTP_201_CREATED)


class StaffListDetailApi(APIView):
    """One list: its entries, history, and the actions open to the caller now."""

    permission_classes = [IsCatalogStaff]

    @extend_schema(responses={200: StaffListDetailSerializer, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return _shown(request, _list_or_404(request, pk))


class StaffListEntriesApi(APIView):
    """Put a catalog replacement on a draft (among those of the agency's level)."""

    permission_classes = [IsCatalogStaff]

    class InputSerializer(serializers.Serializer):
        replacement = serializers.IntegerField(help_text="An electronic replacement's id.")

    @extend_schema(request=InputSerializer, responses={201: StaffListEntrySerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        replacement_list = _list_or_404(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        replacement = (
            catalog_replacements_not_on(replacement_list=replacement_list)
            .filter(pk=data.validated_data["replacement"])
            .first()
        )
        if replacement is None:
            return Response(
                {"code": "unknown_replacement",
                 "detail": _("Không có thành phần thay thế này, hoặc đã có trong danh mục. "
                             "No such replacement, or it is already on the list.")},
                status=status.HTTP_400_BAD_REQUEST,
            )  # fmt: skip
        try:
            entry = publication.replacement_list_entry_add(
                replacement_list=replacement_list, replacement=replacement, by=request.user
            )
        except PublicationError as error:
            return _error(error)
        return Response(StaffListEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class StaffListEntryApi(APIView):
    """Take an entry off a draft."""

    permission_classes = [IsCatalogStaff]

    @extend_schema(request=None, responses={204: None, **ERRORS})
    def delete(self, request: Request, pk: int, entry_pk: int) -> Response:
        replacement_list = _list_or_404(request, pk)
        entry = get_object_or_404(replacement_list.entries, pk=entry_pk)
        try:
            publication.replacement_list_entry_remove(
                replacement_list=replacement_list, entry=entry, by=request.user
            )
        except PublicationError as error:
            return _error(error)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StaffListSubmitApi(APIView):
    """Submit a draft for approval (center staff or a leader of the agency)."""

    permission_classes = [IsCatalogStaff]

    @extend_schema(request=None, responses={200: StaffListDetailSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        try:
            replacement_list = publication.replacement_list_submit(
                replacement_list=_list_or_404(request, pk), by=request.user
            )
        except PublicationError as error:
            return _error(error)
        return _shown(request, replacement_list)


class StaffListReturnApi(APIView):
    """A leader sends a submitted or approved list back to draft, with the reason."""

    permission_classes = [IsCatalogStaff]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=2000)

    @extend_schema(request=InputSerializer, responses={200: StaffListDetailSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        replacement_list = _list_or_404(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            replacement_list = publication.replacement_list_return(
                replacement_list=replacement_list, by=request.user,
                reason=data.validated_data["reason"],
            )  # fmt: skip
        except PublicationError as error:
            return _error(error)
        return _shown(request, replacement_list)


class StaffListApproveApi(APIView):
    """A leader above the agency approves a submitted list they did not author."""

    permission_classes = [IsCatalogStaff]

    @extend_schema(request=None, responses={200: StaffListDetailSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        try:
            replacement_list = publication.replacement_list_approve(
                replacement_list=_list_or_404(request, pk), by=request.user
            )
        except PublicationError as error:
            return _error(error)
        return _shown(request, replacement_list)


class StaffListPublishApi(APIView):
    """Publish an approved list from its effective date; the published version
    it replaces is superseded."""

    permission_classes = [IsCatalogStaff]

    class InputSerializer(serializers.Serializer):
        effective_date = serializers.DateField()

    @extend_schema(request=InputSerializer, responses={200: StaffListDetailSerializer, **ERRORS})
    def post(self, request: Request, pk: int) -> Response:
        replacement_list = _list_or_404(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            replacement_list = publication.replacement_list_publish(
                replacement_list=replacement_list, by=request.user,
                effective_date=data.validated_data["effective_date"],
            )  # fmt: skip
        except PublicationError as error:
            return _error(error)
        return _shown(request, replacement_list)


class StaffListDiffApi(APIView):
    """What this version changes against another (by default: the published
    version, or for a published or superseded one, the version published before)."""

    permission_classes = [IsCatalogStaff]

    class OutputSerializer(serializers.Serializer):
        against = serializers.IntegerField(allow_null=True, help_text="The compared list's id.")
        against_version = serializers.IntegerField(allow_null=True)
        added = StaffListEntrySerializer(many=True)
        removed = StaffListEntrySerializer(many=True)
        changed = StaffListChangeSerializer(many=True)
        unchanged = serializers.IntegerField()

    @extend_schema(
        parameters=[OpenApiParameter("against", int, description="Another version's list id.")],
        responses={200: OutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        replacement_list = _list_or_404(request, pk)
        visible = replacement_lists_visible_to(user=request.user)
        if against := key_or_none(request.query_params.get("against")):
            base = get_object_or_404(visible.filter(agency_id=replacement_list.agency_id),
                                     pk=against)  # fmt: skip
        elif replacement_list.status in (ReplacementListStatus.PUBLISHED,
                                         ReplacementListStatus.SUPERSEDED):  # fmt: skip
            base = replacement_list_previous_published(replacement_list=replacement_list)
        else:
            base = replacement_list_published_of(agency=replacement_list.agency)
        diff = replacement_list_diff(old=base, new=replacement_list)
        output = {
            "against": base.pk if base else None,
            "against_version": base.version if base else None,
            "added": diff.added, "removed": diff.removed, "changed": diff.changed,
            "unchanged": diff.unchanged,
        }  # fmt: skip
        return Response(self.OutputSerializer(output).data)


urlpatterns = [
    path("staff/lists/", StaffListsApi.as_view(), name="api-staff-lists"),
    path("staff/lists/<int:pk>/", StaffListDetailApi.as_view(), name="api-staff-list"),
    path("staff/lists/<int:pk>/entries/", StaffListEntriesApi.as_view(),
         name="api-staff-list-entries"),
    path("staff/lists/<int:pk>/entries/<int:entry_pk>/", StaffListEntryApi.as_view(),
         name="api-staff-list-entry"),
    path("staff/lists/<int:pk>/submit/", StaffListSubmitApi.as_view(),
         name="api-staff-list-submit"),
    path("staff/lists/<int:pk>/return/", StaffListReturnApi.as_view(),
         name="api-staff-list-return"),
    path("staff/lists/<int:pk>/approve/", StaffListApproveApi.as_view(),
         name="api-staff-list-approve"),
    path("staff/lists/<int:pk>/publish/", StaffListPublishApi.as_view(),
         name="api-staff-list-publish"),
    path("staff/lists/<int:pk>/diff/", StaffListDiffApi.as_view(), name="api-staff-list-diff"),
]  # fmt: skip
