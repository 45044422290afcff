"""A name unique per event (per city for venues) in each language; a blank name is missing,
so blanks never clash. After the data step, so existing rows are checked with their English
column filled. Default ordering goes by the English name, as it went by the plain one."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programme", "0006_content_texts_in_english")]

    operations = [
        migrations.AddConstraint(
            model_name='room',
            constraint=models.UniqueConstraint(condition=models.Q(('name_en', ''), _negated=True), fields=('event', 'name_en'), name='room_unique_name_per_event-name_en'),
        ),
        migrations.AddConstraint(
            model_name='room',
            constraint=models.UniqueConstraint(condition=models.Q(('name_fr', ''), _negated=True), fields=('event', 'name_fr'), name='room_unique_name_per_event-name_fr'),
        ),
        migrations.AddConstraint(
            model_name='room',
            constraint=models.UniqueConstraint(condition=models.Q(('name_es', ''), _negated=True), fields=('event', 'name_es'), name='room_unique_name_per_event-name_es'),
        ),
        migrations.AddConstraint(
            model_name='room',
            constraint=models.UniqueConstraint(condition=models.Q(('name_ar', ''), _negated=True), fields=('event', 'name_ar'), name='room_unique_name_per_event-name_ar'),
        ),
        migrations.AddConstraint(
            model_name='room',
            constraint=models.UniqueConstraint(condition=models.Q(('name_pt', ''), _negated=True), fields=('event', 'name_pt'), name='room_unique_name_per_event-name_pt'),
        ),
        migrations.AddConstraint(
            model_name='room',
            constraint=models.UniqueConstraint(condition=models.Q(('name_ru', ''), _negated=True), fields=('event', 'name_ru'), name='room_unique_name_per_event-name_ru'),
        ),
        migrations.AddConstraint(
            model_name='room',
            constraint=models.UniqueConstraint(condition=models.Q(('name_zh', ''), _negated=True), fields=('event', 'name_zh'), name='room_unique_name_per_event-name_zh'),
        ),
        migrations.AddConstraint(
            model_name='track',
            constraint=models.UniqueConstraint(condition=models.Q(('name_en', ''), _negated=True), fields=('event', 'name_en'), name='track_unique_name_per_event-name_en'),
        ),
        migrations.AddConstraint(
            model_name='track',
            constraint=models.UniqueConstraint(condition=models.Q(('name_fr', ''), _negated=True), fields=('event', 'name_fr'), name='track_unique_name_per_event-name_fr'),
        ),
        migrations.AddConstraint(
            model_name='track',
            constraint=models.UniqueConstraint(condition=models.Q(('name_es', ''), _negated=True), fields=('event', 'name_es'), name='track_unique_name_per_event-name_es'),
        ),
        migrations.AddConstraint(
            model_name='track',
            constraint=models.UniqueConstraint(condition=models.Q(('name_ar', ''), _negated=True), fields=('event', 'name_ar'), name='track_unique_name_per_event-name_ar'),
        ),
        migrations.AddConstraint(
            model_name='track',
            constraint=models.UniqueConstraint(condition=models.Q(('name_pt', ''), _negated=True), fields=('event', 'name_pt'), name='track_unique_name_per_event-name_pt'),
        ),
        migrations.AddConstraint(
            model_name='track',
            constraint=models.UniqueConstraint(condition=models.Q(('name_ru', ''), _negated=True), fields=('event', 'name_ru'), name='track_unique_name_per_event-name_ru'),
        ),
        migrations.AddConstraint(
            model_name='track',
            constraint=models.UniqueConstraint(condition=models.Q(('name_zh', ''), _negated=True), fields=('event', 'name_zh'), name='track_unique_name_per_event-name_zh'),
        ),
        migrations.AlterModelOptions(
            name='room',
            options={'ordering': ['event', 'order', 'name_en'], 'verbose_name': 'room', 'verbose_name_plural': 'rooms'},
        ),
        migrations.AlterModelOptions(
            name='track',
            options={'ordering': ['event', 'order', 'name_en'], 'verbose_name': 'track', 'verbose_name_plural': 'tracks'},
        ),
    ]
