"""Django's LocaleMiddleware, except for responses whose language the request's headers do
not choose."""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Outside the language prefix, Django's middleware adds ``Vary: Accept-Language`` to every
    response and names the negotiated language in Content-Language. Both are wrong for a
    response whose body does not depend on Accept-Language (the feeds: their language comes
    from ``?lang=``): shared caches would store one copy per Accept-Language, and a French
    body would be labelled English. Such views set ``response.language_fixed = True`` (as
    ``xframe_options_exempt`` marks a response) and state their own Content-Language.
    """

    def process_response(self, request, response):
        if getattr(response, "language_fixed", False):
            return response
        return super().process_response(request, response)
