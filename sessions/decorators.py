from events.decorators import event_permission_required

# Organiser pages of the programme under /manage/<event_slug>/: anyone without the programme
# flag for that event gets a 404.
programme_manager_required = event_permission_required(
    "programme.manage_programme", slug_kwarg="event_slug"
)

# The call for side events, every proposal and the decisions: programme managers.
proposals_manager_required = event_permission_required(
    "programme.manage_proposals", slug_kwarg="event_slug"
)
# Scoring proposals: members of a reviewing team of the event.
reviewer_required = event_permission_required("programme.review_proposals", slug_kwarg="event_slug")
