"""The wizard's sections, one module each, in the order the sidebar lists them."""

from __future__ import annotations

from .advanced import AdvancedSection
from .authorizers import AuthorizersSection
from .cors import CorsSection
from .functions import FunctionsSection
from .logging import LoggingSection
from .review import ReviewSection
from .routes import RoutesSection
from .service import ServiceSection

SECTION_TITLES = {
    "service": "Service",
    "functions": "Functions",
    "routes": "Routes",
    "cors": "CORS",
    "authorizers": "Authorizers",
    "logging": "Logging",
    "advanced": "Advanced",
    "try": "Try a request",
    "review": "Review & save",
}
_CLASSES = {cls.KEY: cls for cls in (ServiceSection, FunctionsSection, RoutesSection, CorsSection, AuthorizersSection,
                                     LoggingSection, AdvancedSection, ReviewSection)}
# Which section shows a problem at a config path: the most specific owners first.
_OWNERS = (RoutesSection, FunctionsSection, CorsSection, AuthorizersSection, LoggingSection, AdvancedSection, ServiceSection)


def section_class(key: str):
    if key == "try":  # the request explainer is loaded when first asked for: a faster start
        from .try_request import TrySection

        return TrySection
    return _CLASSES[key]


def section_of(path: tuple) -> str:
    """The section whose form holds the config ``path`` (Service for what no other section shows)."""
    for cls in _OWNERS:
        if cls.owns(tuple(path)):
            return cls.KEY
    return "service"


__all__ = ["SECTION_TITLES", "section_class", "section_of"]
