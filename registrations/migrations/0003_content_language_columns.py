"""One column per content language for each translated text (forum.content); existing texts
are copied into the English column by the next migration."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0009_content_language_columns'),
        ('registrations', '0002_transitions_to_audit_log'),
    ]

    operations = [
        migrations.AddField(
            model_name='registrationcategory',
            name='description_ar',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='registrationcategory',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='registrationcategory',
            name='description_es',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='registrationcategory',
            name='description_fr',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='registrationcategory',
            name='description_pt',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='registrationcategory',
            name='description_ru',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='registrationcategory',
            name='description_zh',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='registrationcategory',
            name='name_ar',
            field=models.CharField(max_length=120, null=True, verbose_name='name (English)'),
        ),
        migrations.AddField(
            model_name='registrationcategory',
            name='name_en',
            field=models.CharField(max_length=120, null=True, verbose_name='name (English)'),
        ),
        migrations.AddField(
            model_name='registrationcategory',
            name='name_pt',
            field=models.CharField(max_length=120, null=True, verbose_name='name (English)'),
        ),
        migrations.AddField(
            model_name='registrationcategory',
            name='name_ru',
            field=models.CharField(max_length=120, null=True, verbose_name='name (English)'),
        ),
        migrations.AddField(
            model_name='registrationcategory',
            name='name_zh',
            field=models.CharField(max_length=120, null=True, verbose_name='name (English)'),
        ),
        migrations.AlterField(
            model_name='registrationcategory',
            name='name_es',
            field=models.CharField(max_length=120, verbose_name='name (English)'),
        ),
        migrations.AlterField(
            model_name='registrationcategory',
            name='name_fr',
            field=models.CharField(max_length=120, verbose_name='name (English)'),
        ),
    ]
