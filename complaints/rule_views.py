"""Service-center staff keep the routing rules of their province."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from complaints.exceptions import ComplaintError
from complaints.rules import RoutingRuleForm, routing_rule_save, rules_editable_by
from portal.accounts.models import Role


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.CENTER_STAFF:
        return render(request, "403.html", status=403)
    ordered = rules_editable_by(user=request.user).order_by("position", "id")
    return render(request, "complaints/workspace/rules.html", {"rules": ordered})


@login_required
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if request.user.role != Role.CENTER_STAFF:
        return render(request, "403.html", status=403)
    rule = get_object_or_404(rules_editable_by(user=request.user), pk=pk) if pk else None
    # A POST sent empty is checked (and refused) too, not taken for a first visit.
    posted = request.POST if request.method == "POST" else None
    form = RoutingRuleForm(posted, instance=rule, user=request.user)
    status = 200
    if request.method == "POST":
        try:
            routing_rule_save(form=form, by=request.user)
        except ComplaintError as error:
            if not form.errors:
                form.add_error(None, error.message)
            status = 400
        else:
            messages.success(request, _("Đã lưu quy tắc. The rule is saved."))
            return redirect("complaint-workspace:rules")
    return render(request, "complaints/workspace/rule_form.html", {"form": form, "rule": rule},
                  status=status)  # fmt: skip
