"""Existing texts were written in English: copy each into its English column, so that reads
by language find them. Backwards, the English column goes back to the plain one."""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Coalesce

TRANSLATED = [
    ("Event", ('name', 'tagline', 'description')),
    ("Venue", ('name',)),
]


def to_english(apps, schema_editor):
    for model_name, fields in TRANSLATED:
        model = apps.get_model("events", model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


def from_english(apps, schema_editor):
    for model_name, fields in TRANSLATED:
        model = apps.get_model("events", model_name)
        model.objects.update(**{field: Coalesce(f"{field}_en", field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [("events", "0009_content_language_columns")]

    operations = [migrations.RunPython(to_english, from_english)]
