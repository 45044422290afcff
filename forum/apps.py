from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"

    def ready(self) -> None:
        from forum import checks  # noqa: F401  (registers the deploy checks)
