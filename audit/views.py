"""Pages of the audit trail for kabupaten administrators: access records and retention reports."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .filters import AccessRecordFilterSet
from .selectors import access_record_list, retention_run_list

PAGE_SIZE = 50


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@permission_required("audit.view_accessrecord", raise_exception=True)
def accessrecord_list(request):
    """Who opened which protected data, when and from where; filtered and paginated (fixed queries)."""
    filterset = AccessRecordFilterSet(request.GET or None, queryset=access_record_list())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/accessrecord_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "records": page.object_list,
            "query_string": _query_string(request),
        },
    )


@login_required
@permission_required("audit.view_retentionrun", raise_exception=True)
def retentionrun_list(request):
    """What each retention run removed, newest first."""
    page = Paginator(retention_run_list(), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/retentionrun_list.html",
        {"page_obj": page, "runs": page.object_list, "query_string": _query_string(request)},
    )
