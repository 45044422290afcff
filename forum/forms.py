from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's renderer, with each field group wrapped so check boxes can sit before labels."""

    field_template_name = "forms/field.html"
