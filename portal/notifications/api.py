"""The user's messages over the API: a page of their own, newest first, and
marking one read. Listing marks nothing read: a program says what its
reader has seen."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api_errors import ApiError
from portal.api_schema import NOT_FOUND, page_of
from portal.notifications.selectors import notifications_of
from portal.notifications.services import notifications_mark_read
from portal.notifications.views import PAGE_SIZE


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    url = serializers.CharField(
        source="link", help_text="The portal page the message is about (a path), or empty."
    )
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True, help_text="Null while unread.")
    done_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When what the message asked its reader to do (approve a list…) was done, by "
        "them or another: it is then read too. Null while it waits, or for a message that asks "
        "nothing.",
    )


class NotificationListApi(APIView):
    """The caller's own messages, newest first, 20 a page."""

    @extend_schema(
        parameters=[
            OpenApiParameter("unread", bool, description="true: only the unread ones."),
            OpenApiParameter("page", int),
        ],
        operation_id="notifications_list",
        responses=page_of(NotificationSerializer, "PaginatedNotification"),
    )
    def get(self, request: Request) -> Response:
        notifications = notifications_of(user=request.user)
        if request.query_params.get("unread") == "true":
            notifications = notifications.filter(read_at__isnull=True)
        paginator = PageNumberPagination()
        paginator.page_size = PAGE_SIZE
        page = paginator.paginate_queryset(notifications, request, view=self)
        return paginator.get_paginated_response(NotificationSerializer(page, many=True).data)


class NotificationReadApi(APIView):
    """Mark one of the caller's messages read (again: it keeps its first reading time)."""

    @extend_schema(
        request=None,
        operation_id="notifications_read",
        responses={200: NotificationSerializer, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        notification = notifications_of(user=request.user).filter(pk=pk).first()
        if notification is None:  # another's is the same 404 as none
            raise ApiError(
                http_status=404, code="not_found",
                detail=_("Không có thông báo này. There is no such notification."),
            )  # fmt: skip
        notifications_mark_read(user=request.user, notifications=[notification])
        notification.refresh_from_db(fields=["read_at"])
        return Response(NotificationSerializer(notification).data)
