"""One column per content language for each translated text (forum.content); existing texts
are copied into the English column by the next migration."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0008_audit_actions_outcomes_check_in'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='description_ar',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='event',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='event',
            name='description_es',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='event',
            name='description_fr',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='event',
            name='description_pt',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='event',
            name='description_ru',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='event',
            name='description_zh',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='event',
            name='name_ar',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='event',
            name='name_en',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='event',
            name='name_es',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='event',
            name='name_fr',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='event',
            name='name_pt',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='event',
            name='name_ru',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='event',
            name='name_zh',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='event',
            name='tagline_ar',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='tagline'),
        ),
        migrations.AddField(
            model_name='event',
            name='tagline_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='tagline'),
        ),
        migrations.AddField(
            model_name='event',
            name='tagline_es',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='tagline'),
        ),
        migrations.AddField(
            model_name='event',
            name='tagline_fr',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='tagline'),
        ),
        migrations.AddField(
            model_name='event',
            name='tagline_pt',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='tagline'),
        ),
        migrations.AddField(
            model_name='event',
            name='tagline_ru',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='tagline'),
        ),
        migrations.AddField(
            model_name='event',
            name='tagline_zh',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='tagline'),
        ),
        migrations.AddField(
            model_name='venue',
            name='name_ar',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='venue',
            name='name_en',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='venue',
            name='name_es',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='venue',
            name='name_fr',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='venue',
            name='name_pt',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='venue',
            name='name_ru',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='venue',
            name='name_zh',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
    ]
