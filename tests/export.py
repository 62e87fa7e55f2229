"""Reading the data export as the person gets it: a ZIP with ``mitwirken-daten.json``."""

import io
import json
import zipfile


def read_export(response):
    """``(data, {path in the archive: bytes})`` of a ``/konto/daten/`` download."""
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = json.loads(archive.read("mitwirken-daten.json"))
        files = {
            name: archive.read(name) for name in archive.namelist() if name.startswith("dateien/")
        }
    return data, files
