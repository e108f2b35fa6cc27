"""Where attachment contents live: the database (every web server reads the same rows) or
a directory (a mount shared by the web servers), chosen by FILE_STORE."""
from tracker.storage.stores import DatabaseStore, DirectoryStore, FileStore, file_store

__all__ = ["DatabaseStore", "DirectoryStore", "FileStore", "file_store"]
