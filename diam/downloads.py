"""Downloads carry one organization's confidential data to one user: no cache may keep them,
neither a shared one (proxy) nor the browser's (a shared computer).

Stored files (evidence, export ZIPs) are sent by the views that checked the user's permissions,
streamed from the storage, whichever it is: never a redirect to a URL of the store."""

from collections.abc import Callable
from functools import wraps
from typing import IO, ParamSpec, TypeVar

from django.core.files.storage import Storage
from django.http import FileResponse, Http404, HttpResponseBase

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)

CACHE_CONTROL = "private, no-store"


def private_download(view: Callable[P, R]) -> Callable[P, R]:
    """Marks the view's responses `Cache-Control: private, no-store`."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        response = view(*args, **kwargs)
        response["Cache-Control"] = CACHE_CONTROL
        return response

    return wrapped


def storage_stream(storage: Storage, name: str) -> tuple[IO[bytes], int | None]:
    """The stored file opened for reading, as it is read, and its size when known apart from the
    file; FileNotFoundError when the storage does not hold it.

    An S3 file of django-storages would download the whole object before its first byte is read
    (into memory, or a temporary file past a few MB): its object's body is read instead, as it
    arrives. A file on the local disk is read from the disk."""
    handle = storage.open(name, "rb")  # S3: asks for the object's metadata, so a missing one fails
    stored_object = getattr(handle, "obj", None)  # django-storages' S3File: the bucket's object
    if stored_object is None:
        return handle, None
    reply = stored_object.get()
    return reply["Body"], int(reply["ContentLength"])


def stored_file_response(
    storage: Storage, name: str, *, filename: str, content_type: str, as_attachment: bool
) -> FileResponse:
    """The stored file as a streamed response; a 404 when the storage has lost it."""
    try:
        stream, size = storage_stream(storage, name)
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        stream, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    if size is not None:
        response["Content-Length"] = str(size)
    return response
