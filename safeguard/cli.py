"""The `safeguard` command: `safeguard demo` runs a demo site; anything else goes to manage.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

DEMO_ADDRESS = "127.0.0.1:8000"


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
    import django

    django.setup()


def demo(argv: list[str]) -> int:
    """Create the SQLite database under var/, load demo data, and serve it with a task worker."""
    os.environ["SAFEGUARD_DEMO"] = "true"
    os.environ.setdefault("SAFEGUARD_ENV", "development")
    address = argv[0] if argv else DEMO_ADDRESS
    _django_setup()
    from django.conf import settings
    from django.core.management import call_command

    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo_load")
    command = [sys.executable, "-m", "safeguard.cli"]
    # The server last: the demo lasts as long as it does. The campaign loops confirm and count
    # signatures a few seconds after they are made, as the same commands do in production.
    children = [
        subprocess.Popen([*command, "db_worker", "--no-reload"]),
        subprocess.Popen([*command, "campaigns_worker", "--loop"]),
        subprocess.Popen([*command, "campaigns_fold_counts", "--loop"]),
        subprocess.Popen([*command, "runserver", address, "--noreload"]),
    ]
    # Stopping the demo (Ctrl+C or a plain kill) stops the server and the worker with it.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    print(f"\nSafeguard demo: http://{address}/  (stop with Ctrl+C)\n", flush=True)
    try:
        return children[-1].wait()
    except (KeyboardInterrupt, SystemExit):
        return 0
    finally:
        for child in children:
            child.terminate()
        for child in children:
            child.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["demo"]:
        return demo(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["safeguard", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
