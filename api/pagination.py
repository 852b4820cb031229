from typing import Any

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N`, and `?page_size=N` up to `max_page_size` (default: the PAGE_SIZE setting)."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        # DRF writes OpenAPI 3.0's "nullable"; the schema is OpenAPI 3.1 (JSON Schema).
        result = super().get_paginated_response_schema(schema)
        for key in ("next", "previous"):
            link = result["properties"][key]
            link.pop("nullable", None)
            link["type"] = ["string", "null"]
        return result
