"""The settings' data page: ask for an archive of one's data, download it, import lists.

Each view calls one function of `parley.operations` (exports, imports); the archive is sent only
to its own member, from outside the media folder.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parley.accounts.models import User
from parley.core.errors import ParleyError
from parley.operations.archive import archive_path
from parley.operations.exports import access_export, latest_export, request_export
from parley.operations.imports import MAX_IMPORT_BYTES, ImportKind, ImportMode, ImportResult, import_list
from parley.operations.models import ExportState
from parley.web.forms.member_data import ImportForm
from parley.web.views.common import error_page, signed_in_member
from parley.web.views.settings import member_page


def _data_page(
    request: HttpRequest,
    member: User,
    *,
    form: ImportForm | None = None,
    result: ImportResult | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "section": "data",
        "export": latest_export(member),
        "states": ExportState,
        "form": form or ImportForm(),
        "result": result,
        "error": error,
        "export_days": settings.PARLEY_EXPORT_DAYS,
    }
    return render(request, "web/settings/data.html", context, status=status)


@member_page
def data(request: HttpRequest, member: User) -> HttpResponse:
    return _data_page(request, member)


@require_POST
@member_page
def export_request(request: HttpRequest, member: User) -> HttpResponse:
    request_export(member=member)
    messages.success(request, _("Your archive is being prepared. We will email you when it is ready."))
    return redirect("web:settings_data")


@login_required
def export_download(request: HttpRequest, export_id: int) -> HttpResponseBase:
    member = signed_in_member(request)
    try:
        export = access_export(member, export_id)
    except ParleyError as refused:  # another member's archive, or an expired one: 404
        return error_page(request, refused)
    name = f"parley-{member.username}-{export.created_at:%Y-%m-%d}.zip"
    response = FileResponse(open(archive_path(export), "rb"), as_attachment=True, filename=name)  # noqa: SIM115 - FileResponse closes it
    add_never_cache_headers(response)  # a member's private data: no shared cache may keep it
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@member_page
def import_data(request: HttpRequest, member: User) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _data_page(request, member, form=form, status=422)
    upload = form.cleaned_data["file"]
    try:
        result = import_list(
            member=member,
            kind=ImportKind(form.cleaned_data["kind"]),
            mode=ImportMode(form.cleaned_data["mode"]),
            data=upload.read(MAX_IMPORT_BYTES + 1),  # one byte more tells a file that is too large
        )
    except ParleyError as refused:
        return _data_page(request, member, form=form, error=refused.message, status=refused.status)
    return _data_page(request, member, result=result)
