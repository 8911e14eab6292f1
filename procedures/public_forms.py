"""The public catalog's search and filter form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Agency
from procedures.models import ProcedureLevel, Sector
from procedures.search import LEVEL_OF_AGENCY_KIND
from procedures.selectors import catalog_sectors


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Search procedures"), max_length=200, required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All levels")), *ProcedureLevel.choices], required=False
    )
    # An agency code: the choices offered are few (those with a published list),
    # any agency that carries out procedures is accepted.
    agency = forms.CharField(label=_("Agency"), max_length=32, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Read once: both the choices shown and the sector a code stands for.
        self.sectors: dict[str, Sector] = {sector.code: sector for sector in catalog_sectors()}
        self.fields["sector"].choices = [
            ("", _("All sectors")),
            *((code, sector.name) for code, sector in self.sectors.items()),
        ]

    def clean_sector(self) -> Sector | None:
        code = self.cleaned_data["sector"]
        return self.sectors[code] if code else None

    def clean_agency(self) -> Agency | None:
        code = self.cleaned_data["agency"]
        if not code:
            return None
        agency = Agency.objects.filter(code=code, kind__in=list(LEVEL_OF_AGENCY_KIND)).first()
        if agency is None:
            raise forms.ValidationError(_("There is no such agency."), code="unknown_agency")
        return agency
