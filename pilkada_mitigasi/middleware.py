"""Request middleware of the project."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.urls import get_resolver
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from api.problems import is_api_path, problem_json


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the user chose another language with the switcher.

    Many officials' phones and browsers are set to English; the browser's
    Accept-Language header is therefore ignored, and only the language cookie
    set by the switcher changes the language.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RejectNulBytesMiddleware:
    """Answer 400 with the app's error page when the path or the query string holds a NUL byte.

    PostgreSQL cannot store or compare a string with NUL, so such a value would reach a
    query and end in a 500; no legitimate link contains one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            if is_api_path(request.path_info):
                return problem_json(400, _("Alamat atau parameter berisi karakter NUL."))
            return get_resolver().resolve_error_handler(400)(request, exception=None)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or "\x00" in request.path_info:
            return True
        return any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        )


class PrivacyHeadersMiddleware:
    """Add Permissions-Policy to every response, and ``Cache-Control: no-store`` unless a view chose a policy.

    Almost every page and file shows personal data (names, phone numbers, informants), so
    neither the browser nor a proxy may keep a copy; a view that serves something harmless
    and large (map boundaries) sets its own Cache-Control and keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response


class RequestBodyLimitMiddleware:
    """Answer 413 to a request whose Content-Length exceeds REQUEST_BODY_MAX_BYTES, without reading it.

    The per-file check of the services runs only after Django has received the whole body
    (a 200 MB upload filled a worker and the disk first); this refuses it from the header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_BODY_MAX_BYTES:
            if is_api_path(request.path_info):
                return problem_json(413, _("Isi permintaan terlalu besar."))
            return render(
                request,
                "413.html",
                {"limit_mb": round(settings.UPLOAD_MAX_BYTES / 1_048_576, 1)},
                status=413,
            )
        return self.get_response(request)


class ReplicaPinMiddleware:
    """Read-your-writes with a read replica: a browser that wrote reads from the primary for a while.

    Any request that may write (every method but GET, HEAD, OPTIONS, TRACE) is answered with a
    cookie living ``DATABASE_REPLICA_PIN_S`` seconds; while it lives, that browser's requests run
    inside ``core.dbrouter.primary_reads()``, so the pages that otherwise read from the replica
    show the change it just made even when the replica lags. Without a replica it does nothing.
    """

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from core.dbrouter import PIN_COOKIE, primary_reads, replica_configured

        if not replica_configured():
            return self.get_response(request)
        writes = request.method not in self.SAFE_METHODS
        if writes or request.COOKIES.get(PIN_COOKIE):
            with primary_reads():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if writes:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_S,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
