"""Storage for files that are never served by URL (``PRIVATE_MEDIA_ROOT``, outside
``MEDIA_ROOT``): what a person uploaded but has not published yet."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """A file system storage below ``PRIVATE_MEDIA_ROOT`` (read on every use, so a changed
    setting applies), with no URL."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL.")


private_storage = PrivateStorage()
