"""What the registration pages share: the busy page and PDF responses."""

from django.http import HttpResponse
from django.shortcuts import render


def busy_response(request):
    response = render(request, "events/busy.html", status=503)
    response["Retry-After"] = "5"
    return response


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
