"""Background tasks: thin wrappers around services.

Periodic work runs as management commands (cron or a systemd service):
- ``campaigns_worker --loop`` every 2 s: ``signatures_process`` then ``counts_fold``;
- ``campaigns_fold_counts --loop`` if folding runs on its own;
- ``campaigns_recount`` nightly (alerts and repairs drift);
- ``campaigns_trending`` hourly; ``campaigns_anonymise`` daily.
"""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def milestone_notify(milestone_id: int) -> int:
    return services.milestone_mail(milestone_id)


@task()
def invalidation_run_task(invalidation_id: int) -> int:
    return services.invalidation_run(invalidation_id).processed


@task()
def signatures_process_task() -> int:
    return services.signatures_process().mailed
