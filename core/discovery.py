"""Finding what each of our apps contributes (its `demo`, its `jobs`) by name.

Apps higher up offer a module of an agreed name; whoever collects them looks them
up here, so no app has to import the apps above it.
"""

import importlib
from pathlib import Path
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule


def app_modules(name: str) -> list[ModuleType]:
    """`<app>.<name>` of every app of this project that has one, in the order of
    INSTALLED_APPS (installed libraries are not ours and are skipped)."""
    return [
        importlib.import_module(f"{app.name}.{name}")
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(settings.BASE_DIR)
        and module_has_submodule(app.module, name)
    ]
