from events.decorators import event_permission_required

# Organiser pages of the programme under /manage/<event_slug>/: anyone without the programme
# flag for that event gets a 404.
programme_manager_required = event_permission_required(
    "programme.manage_programme", slug_kwarg="event_slug"
)
