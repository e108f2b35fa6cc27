"""The README a new user reads lists the real demo accounts and password."""
from pathlib import Path

from tracker.demo.bodies import DEMO_ACCOUNTS, DEMO_PASSWORD

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_demo_account_and_the_password():
    assert f"`{DEMO_PASSWORD}`" in README
    for account in DEMO_ACCOUNTS:
        assert f"`{account.email}`" in README, account.email


def test_readme_gives_the_two_commands():
    assert "./run " in README and "./test " in README
