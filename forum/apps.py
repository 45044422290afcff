from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"

    def ready(self) -> None:
        from django.conf.locale import LANG_INFO

        from forum import checks  # noqa: F401  (registers the deploy checks)

        # Django knows Chinese only by script (zh-hans, zh-hant); content uses the plain code,
        # so {% get_language_info %} and the like can name an event's working language "zh".
        LANG_INFO.setdefault(
            "zh", {**LANG_INFO["zh-hans"], "code": "zh", "name": "Chinese", "name_local": "中文"}
        )
