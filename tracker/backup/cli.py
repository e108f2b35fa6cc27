"""`flask backup create FILE` and `flask backup restore FILE`."""
from pathlib import Path

import click
from flask.cli import AppGroup

from tracker.extensions import db

backup_cli = AppGroup("backup", help="Sao lưu và phục hồi (cơ sở dữ liệu và tệp đính kèm).")


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def create_command(path):
    """Write every table and attachment to a new archive FILE (refuses to overwrite)."""
    from tracker.backup.archive import create_backup
    from tracker.core.time import utcnow
    from tracker.storage import file_store
    if path.exists():
        raise click.ClickException(f"{path} đã tồn tại; chọn tên tệp khác.")
    try:
        manifest = create_backup(path, file_store(), now=utcnow())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    finally:
        db.session.rollback()
    rows = sum(manifest["tables"].values())
    click.echo(f"Đã sao lưu {rows} dòng của {len(manifest['tables'])} bảng và "
               f"{manifest['files']} tệp đính kèm vào {path} (phiên bản {manifest['revision']}).")
    for key in manifest["missing_files"]:
        click.echo(f"Thiếu nội dung tệp đính kèm {key} trong kho tệp: không sao lưu được.",
                   err=True)
    if manifest["missing_files"]:
        raise SystemExit(1)


@backup_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(path):
    """Load FILE into this empty, migrated database and the configured file store."""
    from tracker.backup.archive import BackupError, restore_backup
    from tracker.storage import file_store
    try:
        manifest = restore_backup(path, file_store())
    except BackupError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
    rows = sum(manifest["tables"].values())
    click.echo(f"Đã phục hồi {rows} dòng và {manifest['files']} tệp đính kèm từ {path}.")
