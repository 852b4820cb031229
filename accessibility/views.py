from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accessibility import statement


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accessibility/statement.html",
        {
            "conformance_target": statement.CONFORMANCE_TARGET,
            "last_checked": statement.LAST_CHECKED,
            "limitations": statement.KNOWN_LIMITATIONS,
            "contact": statement.contact_address(),
        },
    )
