"""Changes to what a procedure requires touch the procedure, so that the
components kept in memory (procedures.structure) are read again."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from procedures.models import DossierComponent, ElectronicReplacement, FormDefinition
from procedures.structure import procedures_touch


@receiver([post_save, post_delete], sender=DossierComponent)
def _component_changed(sender, instance: DossierComponent, **kwargs) -> None:
    procedures_touch([instance.procedure_id])


@receiver([post_save, post_delete], sender=ElectronicReplacement)
def _replacement_changed(sender, instance: ElectronicReplacement, **kwargs) -> None:
    procedure_id = (
        DossierComponent.objects.filter(pk=instance.component_id)
        .values_list("procedure_id", flat=True)
        .first()
    )
    if procedure_id is not None:
        procedures_touch([procedure_id])


@receiver(post_save, sender=FormDefinition)
def _form_changed(sender, instance: FormDefinition, **kwargs) -> None:
    procedures_touch(
        DossierComponent.objects.filter(form=instance).values_list("procedure_id", flat=True)
    )
