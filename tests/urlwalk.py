"""Every URL pattern of the project, named as ``reverse`` knows it."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def iter_url_patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str | None = None
) -> Iterator[tuple[str, str]]:
    """Yield (full name, route) for every pattern; unnamed patterns are named by their route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from iter_url_patterns(pattern, route, ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            full = f"{namespace}:{name}" if namespace and name else (name or f"<unnamed {route}>")
            yield full, route
