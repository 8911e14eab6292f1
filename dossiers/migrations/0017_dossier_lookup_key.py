"""Every dossier gets a look-up key; those already submitted get theirs here,
each its own (a field's default would give every existing row the same one),
so that the receipt printed again for them leads to the public look-up too."""

import secrets

from django.db import migrations, models

import dossiers.models.dossier

# As at this migration (dossiers.models.dossier.LOOKUP_KEY_ALPHABET).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def keys_give(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    for pk in Dossier.objects.filter(lookup_key="").values_list("pk", flat=True).iterator():
        key = "".join(secrets.choice(ALPHABET) for _ in range(8))
        Dossier.objects.filter(pk=pk).update(lookup_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0016_awaiting_signature"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="lookup_key",
            field=models.CharField(
                default="", editable=False, max_length=8, verbose_name="look-up key"
            ),
            preserve_default=False,
        ),
        # Going back, the field goes, and its keys with it.
        migrations.RunPython(keys_give, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="dossier",
            name="lookup_key",
            field=models.CharField(
                default=dossiers.models.dossier.lookup_key_new,
                editable=False,
                max_length=8,
                verbose_name="look-up key",
            ),
        ),
    ]
