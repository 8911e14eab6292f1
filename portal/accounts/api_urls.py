from django.urls import path

from portal.accounts.api import StaffAssignmentApi

urlpatterns = [
    path("staff-assignments/", StaffAssignmentApi.as_view(), name="staff-assignment"),
]
