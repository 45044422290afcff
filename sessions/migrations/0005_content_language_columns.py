"""One column per content language for each translated text (forum.content); existing texts
are copied into the English column by the next migration."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0009_content_language_columns'),
        ('programme', '0004_registration_moved_to_registrations'),
    ]

    operations = [
        migrations.AddField(
            model_name='room',
            name='name_ar',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='room',
            name='name_en',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='room',
            name='name_es',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='room',
            name='name_fr',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='room',
            name='name_pt',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='room',
            name='name_ru',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='room',
            name='name_zh',
            field=models.CharField(max_length=120, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='session',
            name='abstract_ar',
            field=models.TextField(blank=True, null=True, verbose_name='abstract'),
        ),
        migrations.AddField(
            model_name='session',
            name='abstract_en',
            field=models.TextField(blank=True, null=True, verbose_name='abstract'),
        ),
        migrations.AddField(
            model_name='session',
            name='abstract_es',
            field=models.TextField(blank=True, null=True, verbose_name='abstract'),
        ),
        migrations.AddField(
            model_name='session',
            name='abstract_fr',
            field=models.TextField(blank=True, null=True, verbose_name='abstract'),
        ),
        migrations.AddField(
            model_name='session',
            name='abstract_pt',
            field=models.TextField(blank=True, null=True, verbose_name='abstract'),
        ),
        migrations.AddField(
            model_name='session',
            name='abstract_ru',
            field=models.TextField(blank=True, null=True, verbose_name='abstract'),
        ),
        migrations.AddField(
            model_name='session',
            name='abstract_zh',
            field=models.TextField(blank=True, null=True, verbose_name='abstract'),
        ),
        migrations.AddField(
            model_name='session',
            name='title_ar',
            field=models.CharField(max_length=300, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='session',
            name='title_en',
            field=models.CharField(max_length=300, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='session',
            name='title_es',
            field=models.CharField(max_length=300, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='session',
            name='title_fr',
            field=models.CharField(max_length=300, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='session',
            name='title_pt',
            field=models.CharField(max_length=300, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='session',
            name='title_ru',
            field=models.CharField(max_length=300, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='session',
            name='title_zh',
            field=models.CharField(max_length=300, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='biography_ar',
            field=models.TextField(blank=True, null=True, verbose_name='biography'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='biography_en',
            field=models.TextField(blank=True, null=True, verbose_name='biography'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='biography_es',
            field=models.TextField(blank=True, null=True, verbose_name='biography'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='biography_fr',
            field=models.TextField(blank=True, null=True, verbose_name='biography'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='biography_pt',
            field=models.TextField(blank=True, null=True, verbose_name='biography'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='biography_ru',
            field=models.TextField(blank=True, null=True, verbose_name='biography'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='biography_zh',
            field=models.TextField(blank=True, null=True, verbose_name='biography'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='position_ar',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='position'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='position_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='position'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='position_es',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='position'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='position_fr',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='position'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='position_pt',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='position'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='position_ru',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='position'),
        ),
        migrations.AddField(
            model_name='speaker',
            name='position_zh',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='position'),
        ),
        migrations.AddField(
            model_name='track',
            name='name_ar',
            field=models.CharField(max_length=160, null=True, verbose_name='theme'),
        ),
        migrations.AddField(
            model_name='track',
            name='name_en',
            field=models.CharField(max_length=160, null=True, verbose_name='theme'),
        ),
        migrations.AddField(
            model_name='track',
            name='name_es',
            field=models.CharField(max_length=160, null=True, verbose_name='theme'),
        ),
        migrations.AddField(
            model_name='track',
            name='name_fr',
            field=models.CharField(max_length=160, null=True, verbose_name='theme'),
        ),
        migrations.AddField(
            model_name='track',
            name='name_pt',
            field=models.CharField(max_length=160, null=True, verbose_name='theme'),
        ),
        migrations.AddField(
            model_name='track',
            name='name_ru',
            field=models.CharField(max_length=160, null=True, verbose_name='theme'),
        ),
        migrations.AddField(
            model_name='track',
            name='name_zh',
            field=models.CharField(max_length=160, null=True, verbose_name='theme'),
        ),
    ]
