"""Background tasks of the sending side (Django's tasks API, django-tasks)."""

from django_tasks import task

from press import delivery


@task()
def distribute(release_id: int) -> int:
    """Start the public send of each language the release has become public
    in; return how many were started. Finding it not public (unpublished,
    rescheduled, not yet translated) sends nothing: its next save queues
    this again."""
    return len(delivery.start_public_dispatches(release_id=release_id))


@task()
def send_correction(correction_id: int) -> int:
    """Start the correction's send in each language its item was sent in;
    return how many were started (a retried task starts none again)."""
    return len(delivery.start_correction_dispatches(correction_id=correction_id))


@task()
def send_batch(dispatch_id: int, delivery_ids: list[int]) -> int:
    """Send one batch; queue what failed for a later try (backing off)."""
    retry = delivery.send_batch(dispatch_id=dispatch_id, delivery_ids=delivery_ids)
    if retry:
        send_batch.using(run_after=delivery.retry_at(retry)).enqueue(dispatch_id, retry)
    return len(delivery_ids) - len(retry)
