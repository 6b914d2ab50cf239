"""Helpers several test files share, one module a theme (imported like ``cli_fixtures``)."""
