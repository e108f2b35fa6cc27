"""Backup and restore of the whole database and the attachments, as one portable archive
(`flask backup create FILE`, `flask backup restore FILE`)."""
from tracker.backup.archive import BackupError, create_backup, restore_backup

__all__ = ["BackupError", "create_backup", "restore_backup"]
