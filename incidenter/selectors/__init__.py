"""Every read of the incident register. Other apps read it only through here."""

from .access import (
    content_q,
    granted_users,
    may_edit,
    may_grant,
    may_see_content,
    visible_incidents,
)
from .incidents import (
    OPEN_OBLIGATION,
    action_get,
    attach_open_obligations,
    coordinators_of,
    deadline_rows,
    handler_choices,
    incident_actions,
    incident_get,
    incident_list,
    incident_list_rows,
    incident_obligations,
    incident_timeline,
    incidents_about,
    obligation_get,
    open_obligations,
    reference_choices,
    start_panel_figures,
    units_for_quick_report,
)

__all__ = [
    "OPEN_OBLIGATION", "action_get", "attach_open_obligations", "content_q", "coordinators_of", "deadline_rows",
    "handler_choices", "incident_actions", "incident_get", "incident_list", "incident_list_rows",
    "granted_users", "incident_obligations", "incident_timeline", "incidents_about", "may_edit",
    "may_grant",
    "may_see_content", "obligation_get", "open_obligations", "reference_choices",
    "start_panel_figures", "units_for_quick_report", "visible_incidents",
]
