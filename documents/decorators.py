from events.decorators import event_permission_required

# The documents workspace under /manage/<event_slug>/documents/: anyone without the programme
# flag for that event gets a 404.
documents_manager_required = event_permission_required(
    "documents.manage_documents", slug_kwarg="event_slug"
)
