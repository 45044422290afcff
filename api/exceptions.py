from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    """Every error has one shape: ``{"detail": str, "errors": {field: [str]}}``."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"": response.data}
        response.data = {
            "detail": str(_("Some parameters are not valid.")),
            "errors": {
                field: [str(m) for m in (messages if isinstance(messages, list) else [messages])]
                for field, messages in errors.items()
            },
        }
    else:
        response.data = {"detail": str(response.data.get("detail", "")), "errors": {}}
    return response
