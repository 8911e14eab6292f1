"""The static files the portal collects and serves (django.contrib.staticfiles)."""

from django.contrib.staticfiles.apps import StaticFilesConfig


class PortalStaticFilesConfig(StaticFilesConfig):
    """collectstatic without Redoc, which the sidecar package ships beside Swagger
    UI: Redoc styles itself with inline <style> elements, which the portal's
    Content-Security-Policy refuses, so the portal documents its API with Swagger
    UI only and neither collects nor serves Redoc's 5 MB. (A file's whole path
    matches; a directory's only its name.)"""

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "drf_spectacular_sidecar/redoc/*"]
