"""A name unique per event (per city for venues) in each language; a blank name is missing,
so blanks never clash. After the data step, so existing rows are checked with their English
column filled. Default ordering goes by the English name, as it went by the plain one."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("events", "0010_content_texts_in_english")]

    operations = [
        migrations.AddConstraint(
            model_name='venue',
            constraint=models.UniqueConstraint(condition=models.Q(('name_en', ''), _negated=True), fields=('name_en', 'city'), name='venue_unique_name_per_city-name_en'),
        ),
        migrations.AddConstraint(
            model_name='venue',
            constraint=models.UniqueConstraint(condition=models.Q(('name_fr', ''), _negated=True), fields=('name_fr', 'city'), name='venue_unique_name_per_city-name_fr'),
        ),
        migrations.AddConstraint(
            model_name='venue',
            constraint=models.UniqueConstraint(condition=models.Q(('name_es', ''), _negated=True), fields=('name_es', 'city'), name='venue_unique_name_per_city-name_es'),
        ),
        migrations.AddConstraint(
            model_name='venue',
            constraint=models.UniqueConstraint(condition=models.Q(('name_ar', ''), _negated=True), fields=('name_ar', 'city'), name='venue_unique_name_per_city-name_ar'),
        ),
        migrations.AddConstraint(
            model_name='venue',
            constraint=models.UniqueConstraint(condition=models.Q(('name_pt', ''), _negated=True), fields=('name_pt', 'city'), name='venue_unique_name_per_city-name_pt'),
        ),
        migrations.AddConstraint(
            model_name='venue',
            constraint=models.UniqueConstraint(condition=models.Q(('name_ru', ''), _negated=True), fields=('name_ru', 'city'), name='venue_unique_name_per_city-name_ru'),
        ),
        migrations.AddConstraint(
            model_name='venue',
            constraint=models.UniqueConstraint(condition=models.Q(('name_zh', ''), _negated=True), fields=('name_zh', 'city'), name='venue_unique_name_per_city-name_zh'),
        ),
        migrations.AlterModelOptions(
            name='venue',
            options={'ordering': ['name_en'], 'verbose_name': 'venue', 'verbose_name_plural': 'venues'},
        ),
    ]
