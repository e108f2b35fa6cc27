"""Command-line tools: `flask users create`, `flask demo load`."""
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from tracker.core.errors import DomainError
from tracker.core.time import utcnow
from tracker.extensions import db

users_cli = AppGroup("users", help="Quản lý người dùng.")
demo_cli = AppGroup("demo", help="Dữ liệu mẫu.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True, help="Họ và tên")
@click.option("--role", type=click.Choice(["admin", "coordinator", "officer", "leader"]),
              required=True)
@click.option("--body", "body_name", required=True, help="Tên đơn vị (không cần dấu)")
@click.option("--position", default="")
@click.password_option()
def create_user_command(email, full_name, role, body_name, position, password):
    """Create a user in an existing body."""
    from tracker.auth.operations import create_user
    from tracker.bodies.queries import find_body_by_name
    body = find_body_by_name(body_name)
    if body is None:
        raise click.ClickException(f"Đơn vị: không tìm thấy “{body_name}”.")
    try:
        user = create_user({"email": email, "full_name": full_name, "role": role,
                            "body": body, "position": position, "password": password},
                           actor=None, now=utcnow())
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Đã tạo tài khoản {user.email} ({user.role_label}) tại {body.name}.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Chỉ nạp khi cơ sở dữ liệu còn trống.")
def load_demo_command(if_empty):
    """Load the demo dataset (provinces, bodies, directives, tasks, accounts)."""
    from tracker.bodies.models import Body
    from tracker.demo.loader import load_demo
    if if_empty and db.session.scalar(select(Body.id).limit(1)) is not None:
        click.echo("Cơ sở dữ liệu đã có dữ liệu; bỏ qua nạp dữ liệu mẫu.")
        return
    summary = load_demo(now=utcnow())
    db.session.commit()
    click.echo(summary)




jobs_cli = AppGroup("jobs", help="Tiến trình lập lịch (scheduler).")


@jobs_cli.command("run")
def run_jobs_command():
    """Run the scheduler in the foreground (its own process; Ctrl-C stops it)."""
    import logging

    from flask import current_app

    from jobs.scheduler import build_scheduler
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    scheduler = build_scheduler(current_app._get_current_object())
    click.echo(f"Scheduler: {len(scheduler.get_jobs())} job(s): "
               + ", ".join(job.id for job in scheduler.get_jobs()))
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass


@jobs_cli.command("list")
def list_jobs_command():
    """List the registered jobs and their triggers."""
    from jobs.registry import JOBS
    for spec in JOBS:
        click.echo(f"{spec.id}\t{spec.trigger}\t{spec.options}")



reminders_cli = AppGroup("reminders", help="Thư nhắc hạn.")


def _parse_today(value: str | None):
    from tracker.core.time import parse_date
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(f"--today: {exc}") from None


@reminders_cli.command("run-once")
@click.option("--today", help="Chạy như vào ngày này (YYYY-MM-DD hoặc dd/mm/yyyy).")
def reminders_run_once(today):
    """Plan and deliver reminders once, as if on the given day. A day after today is a
    rehearsal: it is not recorded as planned, so the scheduler still plans it when it
    comes (without sending again what went out now). Mails waiting for a retry are sent
    at once, without waiting for the end of their backoff."""
    from tracker.core.time import utcnow, vn_today
    from tracker.reminders.passes import run_pass, simulated_now
    day = _parse_today(today) or vn_today()
    now = simulated_now(day) if day != vn_today() else max(utcnow(), simulated_now(day))
    planned, delivered = run_pass(now=now, today=day, record=day <= vn_today(),
                                  catch_up=True)
    click.echo(f"Lập lịch: {sum(planned.values())} thư {dict(planned)}")
    click.echo(f"Gửi: {dict(delivered)}")


@reminders_cli.command("preview")
@click.option("--today", help="Xem trước như vào ngày này (YYYY-MM-DD hoặc dd/mm/yyyy).")
def reminders_preview(today):
    """Print what the day's plan would send, without sending or saving anything."""
    from tracker.core.time import utcnow, vn_today
    from tracker.reminders.passes import preview, simulated_now
    day = _parse_today(today) or vn_today()
    rows = preview(day, now=max(utcnow(), simulated_now(day)))
    for kind, email, assignment_id, planned_for, at in rows:
        click.echo(f"{at:%d/%m/%Y %H:%M}\t{kind}\t{email}\tphân công {assignment_id or '-'}"
                   f"\tngày {planned_for:%d/%m/%Y}")
    click.echo(f"Tổng cộng: {len(rows)} thư (chưa gửi, chưa lưu).")


files_cli = AppGroup("files", help="Tệp đính kèm.")


@files_cli.command("move")
@click.option("--from", "source", type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục chứa các tệp cũ (mặc định UPLOAD_DIR).")
@click.option("--keep", is_flag=True, help="Giữ lại tệp gốc sau khi chuyển.")
def move_files_command(source, keep):
    """Move attachments kept as files (the instance folder of old) into the configured
    store (FILE_STORE), checking each against its sha256; safe to run again."""
    from flask import current_app

    from tracker.assignments.files import move_files
    from tracker.storage import DirectoryStore, file_store
    source = source or current_app.config["UPLOAD_DIR"]
    store = file_store()
    if isinstance(store, DirectoryStore) and store.directory.resolve() == source.resolve():
        raise click.ClickException("FILE_STORE=directory đã đọc tệp từ thư mục này.")
    report = move_files(source, store, keep=keep)
    click.echo(f"Đã chuyển {len(report['moved'])} tệp; đã có sẵn {len(report['present'])}; "
               f"thiếu {len(report['missing'])}; sai mã sha256 {len(report['damaged'])}.")
    for name in report["missing"]:
        click.echo(f"Thiếu tệp: {source / name}", err=True)
    for name in report["damaged"]:
        click.echo(f"Tệp không khớp sha256 (giữ nguyên, không chuyển): {source / name}",
                   err=True)
    if report["missing"] or report["damaged"]:
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    from tracker.backup.cli import backup_cli
    app.cli.add_command(backup_cli)
    app.cli.add_command(files_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(reminders_cli)
