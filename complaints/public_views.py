"""The public disclosure of handled complaints (no login): a page per
province or unit, and the same as open data in CSV and JSON."""

from __future__ import annotations

import csv
import datetime
import io

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from complaints.disclosure import PUBLIC_FIELDS, public_record, published_complaints
from dossiers.selectors import provinces
from portal.accounts.models import Agency
from portal.core.keys import key_or_none
from portal.core.vietnamese import vietnamese_order

PAGE_SIZE = 30
# A spreadsheet would run a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _filters(request: HttpRequest) -> dict:
    return {"province_code": key_or_none(request.GET.get("province")),
            "unit_id": key_or_none(request.GET.get("unit"))}  # fmt: skip


def _shown(record: dict) -> dict:
    """The record as the page shows it: its days as Vietnamese read them (24/11/2026);
    the open data keeps ISO days, which programs read."""

    def day(iso: str) -> str:
        return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""

    return record | {"received_on": day(record["received_on"]),
                     "concluded_on": day(record["concluded_on"])}  # fmt: skip


def disclosure_page(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page = Paginator(published_complaints(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page, "records": [_shown(public_record(c)) for c in page], "provinces": provinces(),
        "units": Agency.objects.filter(province_code=filters["province_code"]).order_by(
            vietnamese_order("name"), "id"
        )
        if filters["province_code"] else [],
        "filters": filters, "query": query.urlencode(),
    }  # fmt: skip
    return render(request, "complaints/public.html", context)


def _cell(value: str) -> str:
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


def disclosure_csv(request: HttpRequest) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheet programs then read the Vietnamese right
    writer = csv.DictWriter(buffer, fieldnames=PUBLIC_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for complaint in published_complaints(**_filters(request)).iterator():
        writer.writerow({k: _cell(v) for k, v in public_record(complaint).items()})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="phan-anh-kien-nghi.csv"'
    return response


def disclosure_json(request: HttpRequest) -> JsonResponse:
    records = [public_record(c) for c in published_complaints(**_filters(request)).iterator()]
    return JsonResponse({"count": len(records), "complaints": records},
                        json_dumps_params={"ensure_ascii": False})  # fmt: skip
