"""The escalation engine's parts that are not writes, one module per section.

``matching``  which policy an incident falls under (pure rules) and the snapshot frozen onto an escalation
``windows``   hours-of-day windows of a step (pure)
``targets``   target resolution: the people a frozen target means on a day
``links``     signing, issuing and reading acknowledge links
``messages``  the alert's text and idempotency key

The writes that use them (start, step run, acknowledge, stop, audit) and their one lock order are
in ``escalation.services``; the Celery tasks in ``escalation.tasks``.
"""
