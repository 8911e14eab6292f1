"""Read-only public API: procedures (search and filters), a procedure with its
components and their replacements, sectors, and the agencies' published
lists of components replaced by electronic data. No authentication; names of
document types, sources and fields are the Vietnamese ones, as in the open
data files (procedures.open_data)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from datasources.registry import source_name
from portal.accounts.models import Agency
from portal.api_errors import ErrorSerializer
from portal.api_schema import page_of
from procedures.models import (
    ComponentRequirement,
    OnlineServiceLevel,
    ProcedureLevel,
    ResultDelivery,
    Sector,
)
from procedures.open_data import open_data_row
from procedures.public_lists import document_type_name, field_labels
from procedures.search import LEVEL_OF_AGENCY_KIND, catalog_search
from procedures.selectors import (
    catalog_sectors,
    procedure_public,
    replacement_list_public_entries,
    replacement_list_published_by_code,
    replacement_lists_published,
)

NO_PROCEDURE = "Không có thủ tục này trong danh mục. There is no such procedure in the catalog."
NO_PUBLISHED_LIST = "Cơ quan này chưa công bố danh mục. This agency has no published list."


class PublicApi(APIView):
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]


class PublicPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="The page number, from 1."),
    OpenApiParameter("page_size", int, description="Items per page (20 by default, at most 100)."),
]


class SectorRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProcedureSummarySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The national code, e.g. 1.001193.")
    name = serializers.CharField()
    sector = SectorRefSerializer()
    level = serializers.ChoiceField(choices=ProcedureLevel.choices)
    processing_days = serializers.IntegerField(help_text="Processing time in working days.")
    online_level = serializers.ChoiceField(choices=OnlineServiceLevel.choices)


class ProcedureListApi(PublicApi):
    """Active procedures matching a search (diacritic-insensitive, typo-tolerant,
    best first) and filters; by code without a search."""

    class InputSerializer(serializers.Serializer):
        q = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=200,
            help_text="Words of the name, a component or the code.",
        )
        sector = serializers.CharField(required=False, help_text="A sector code.")
        level = serializers.ChoiceField(choices=ProcedureLevel.choices, required=False)
        agency = serializers.CharField(
            required=False, help_text="An agency code: the procedures it carries out."
        )  # fmt: skip

        def validate_sector(self, code: str) -> Sector:
            sector = Sector.objects.filter(code=code).first()
            if sector is None:
                raise serializers.ValidationError("Không có lĩnh vực này. There is no such sector.")
            return sector

        def validate_agency(self, code: str) -> Agency:
            agency = Agency.objects.filter(code=code, kind__in=list(LEVEL_OF_AGENCY_KIND)).first()
            if agency is None:
                raise serializers.ValidationError("Không có cơ quan này. There is no such agency.")
            return agency

    @extend_schema(
        operation_id="procedures_list",
        parameters=[InputSerializer, *PAGE_PARAMETERS],
        responses={
            200: page_of(ProcedureSummarySerializer, "PaginatedProcedureSummary"),
            400: OpenApiResponse(
                ErrorSerializer,
                description="`invalid`: the refused filters in `fields`, each with its reasons.",
            ),
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.InputSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        procedures = catalog_search(
            query=data.get("q", ""), sector=data.get("sector"), level=data.get("level"),
            agency=data.get("agency"),
        )  # fmt: skip
        paginator = PublicPagination()
        page = paginator.paginate_queryset(procedures, request, view=self)
        return paginator.get_paginated_response(ProcedureSummarySerializer(page, many=True).data)


class ReplacementSerializer(serializers.Serializer):
    document_type = serializers.CharField()
    document_type_name = serializers.SerializerMethodField()
    source = serializers.CharField()
    source_name = serializers.SerializerMethodField()
    fields = serializers.ListField(child=serializers.CharField())
    field_names = serializers.SerializerMethodField()
    legal_basis = serializers.CharField()
    effective_date = serializers.DateField()
    in_force = serializers.SerializerMethodField(
        help_text="Whether the replacement is in force today."
    )

    def get_document_type_name(self, replacement) -> str:
        return document_type_name(replacement.document_type, vietnamese=True)

    def get_source_name(self, replacement) -> str:
        return source_name(replacement.source, vietnamese=True)

    def get_field_names(self, replacement) -> list[str]:
        return field_labels(replacement.source, replacement.fields, vietnamese=True)

    def get_in_force(self, replacement) -> bool:
        return replacement.effective_date <= self.context["today"]


class ComponentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    position = serializers.IntegerField()
    originals = serializers.IntegerField()
    copies = serializers.IntegerField()
    requirement = serializers.ChoiceField(choices=ComponentRequirement.choices)
    condition = serializers.CharField()
    replaced = serializers.SerializerMethodField(
        help_text="True when data replaces the component today: the applicant does not submit it."
    )
    replacements = ReplacementSerializer(many=True)

    def get_replaced(self, component) -> bool:
        today = self.context["today"]
        return any(r.effective_date <= today for r in component.replacements.all())


class ProcedureDetailApi(PublicApi):
    """A procedure with its components, each with the data that replaces it."""

    class OutputSerializer(ProcedureSummarySerializer):
        agency_kinds = serializers.ListField(child=serializers.CharField())
        fee_vnd = serializers.IntegerField(help_text="The fee at the desk (VND).")
        online_fee_vnd = serializers.IntegerField(
            help_text="The fee of a dossier submitted online (VND): often lower."
        )
        fee_note = serializers.CharField()
        legal_basis = serializers.CharField()
        result_type = serializers.CharField()
        steps = serializers.ListField(child=serializers.JSONField())
        result_deliveries = serializers.ListField(
            child=serializers.ChoiceField(choices=ResultDelivery.choices),
            source="result_delivery_ways",
            help_text="How the applicant can receive the result, chosen at submission: "
                      "online (their document store), counter (the one-stop desk), post.",
        )  # fmt: skip
        components = ComponentSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer, 404: ErrorSerializer})
    def get(self, request: Request, code: str) -> Response:
        procedure = procedure_public(code=code)
        if procedure is None:
            raise NotFound(NO_PROCEDURE)
        context = {"today": timezone.localdate()}
        return Response(self.OutputSerializer(procedure, context=context).data)


class SectorListApi(PublicApi):
    """Every sector, with how many active procedures it has."""

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        name = serializers.CharField()
        name_en = serializers.CharField()
        procedure_count = serializers.IntegerField()

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        sectors = catalog_sectors().annotate(
            procedure_count=Count("procedures", filter=Q(procedures__active=True))
        )
        return Response(self.OutputSerializer(sectors, many=True).data)


class AgencyRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class PublishedListSerializer(serializers.Serializer):
    agency = AgencyRefSerializer()
    version = serializers.IntegerField()
    title = serializers.CharField()
    effective_date = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    upcoming_version = serializers.IntegerField(
        allow_null=True,
        help_text="A later version published to take over on upcoming_effective_date; this "
        "one applies until then. An effective_date still to come means that this version, the "
        "agency's first, is not in force yet.",
    )
    upcoming_effective_date = serializers.DateField(allow_null=True, source="upcoming_date")


class PublishedListsApi(PublicApi):
    """The list of every agency that has published one: the version in force,
    with the version published to take over later, if any."""

    class OutputSerializer(PublishedListSerializer):
        entry_count = serializers.IntegerField()

    @extend_schema(
        operation_id="procedures_replacement_lists_list",
        parameters=[
            OpenApiParameter("agency", str, description="An agency code."),
            *PAGE_PARAMETERS,
        ],
        responses=page_of(OutputSerializer, "PaginatedPublishedList"),
    )
    def get(self, request: Request) -> Response:
        lists = replacement_lists_published()
        if agency := request.query_params.get("agency"):
            lists = lists.filter(agency__code=agency)
        paginator = PublicPagination()
        page = paginator.paginate_queryset(lists, request, view=self)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


class PublishedListEntrySerializer(serializers.Serializer):
    sector = serializers.CharField()
    procedure_code = serializers.CharField()
    procedure_name = serializers.CharField()
    component_code = serializers.CharField()
    component_name = serializers.CharField()
    document_type = serializers.CharField()
    document_type_name = serializers.CharField()
    source = serializers.CharField()
    source_name = serializers.CharField()
    fields = serializers.ListField(child=serializers.CharField())
    field_names = serializers.ListField(child=serializers.CharField())
    legal_basis = serializers.CharField()
    effective_date = serializers.DateField()


class PublishedListApi(PublicApi):
    """An agency's published list with its entries (the open-data keys, less
    those of the list itself). Only a published list is found."""

    class OutputSerializer(PublishedListSerializer):
        entries = serializers.SerializerMethodField()

        @extend_schema_field(PublishedListEntrySerializer(many=True))
        def get_entries(self, replacement_list):
            entries = replacement_list_public_entries(replacement_list=replacement_list)
            rows = [open_data_row(replacement_list, entry) for entry in entries]
            return PublishedListEntrySerializer(rows, many=True).data

    @extend_schema(responses={200: OutputSerializer, 404: ErrorSerializer})
    def get(self, request: Request, agency_code: str) -> Response:
        replacement_list = replacement_list_published_by_code(agency_code=agency_code)
        if replacement_list is None:
            raise NotFound(NO_PUBLISHED_LIST)
        return Response(self.OutputSerializer(replacement_list).data)


urlpatterns = [
    path("", ProcedureListApi.as_view(), name="api-procedures"),
    path("sectors/", SectorListApi.as_view(), name="api-sectors"),
    path("replacement-lists/", PublishedListsApi.as_view(), name="api-published-lists"),
    path("replacement-lists/<str:agency_code>/", PublishedListApi.as_view(),
         name="api-published-list"),
    path("<str:code>/", ProcedureDetailApi.as_view(), name="api-procedure"),
]  # fmt: skip
