import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.privacy.export import personal_data_export
from diam.downloads import private_download


@login_required
def personal_data(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/security/data.html")


@login_required
@private_download
def personal_data_download(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    data = personal_data_export(user=request.user, now=now)  # type: ignore[arg-type]
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"diam-personal-data-{request.user.get_username()}-{now:%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{_ascii(filename)}"'
    return response


def _ascii(name: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.@+") else "_" for c in name)
