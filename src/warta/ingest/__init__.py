"""Readers that turn files, directories, stdin and archives into Articles.

Every reader yields either an :class:`~warta.model.Article` or an
:class:`~warta.errors.InputError` naming the file and record, so one bad record never
stops a batch.
"""

from warta.ingest.readers import MAX_RECORD_BYTES, ReadResult, read_inputs, read_path

__all__ = ["MAX_RECORD_BYTES", "ReadResult", "read_inputs", "read_path"]
