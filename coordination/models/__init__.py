"""The coordination app's models, one module per aggregate; every name is importable from here.

``actions``  tracked actions (tindak lanjut koordinasi): owner, organisation, due date, area, status,
             evidence, links to incidents, source (a meeting's decision, an Inpres obligation, the
             action plan), history. Other parts of the app (meetings, the action plan, preventive
             activities) create them through ``coordination.services.action_create``.
"""

from .actions import ActionEvidence, TrackedAction

__all__ = ["ActionEvidence", "TrackedAction"]
