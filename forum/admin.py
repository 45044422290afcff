"""What every admin page shares: rows scoped to the events where the user holds the page's team
flag, foreign-key choices scoped the same way, and querystrings that can only ask what the page
shows.

The admin site lets in superusers only (``forum.adminsite``), for whom these classes scope
nothing; the per-event scoping stays as a second line of defence should the site ever admit
anyone else. The querystring guard applies to superusers too.

Permissions themselves live in ``events/rules.py`` (and each app's ``rules.py``): the classes
here read the same flags through ``organised_event_ids``; they never decide who may do what.

Querystrings are the admin's widest door into the database: by default any field of the model
may be filtered with any lookup (``?passport_number__startswith=P1``), so a hidden field can be
read one character at a time from the result count. Here a changelist accepts only the
parameters its own sidebar filters and date hierarchy send; anything else is refused the way
Django refuses a disallowed lookup. NUL characters (which PostgreSQL cannot hold in text) are
turned away before they reach a query: a changelist redirects to its ``?e=1`` error page and a
search (the changelist's ``q`` and the autocomplete's ``term``) finds nothing.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.forms.models import InlineForeignKeyField
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from rules.contrib.admin import ObjectPermissionsModelAdmin, ObjectPermissionsTabularInline

from events.models import Event
from events.rules import ORGANISER, event_id_of, organised_event_ids
from forum.content import text_fields
from forum.personal import PERSONAL_FIELDS

PERSONAL_DATA_FLAG = "can_view_personal_data"

# Longer search terms match nothing the admin stores (the longest searchable text field holds
# 300 characters) and only grow the query: SQLite refuses expressions over 1,000 terms deep.
MAX_SEARCH_LENGTH = 300

# The parameters Django's field filters send for a filtered path, besides ``path__<pk>__exact``
# for relations (RelatedFieldListFilter) and the bare path (AllValuesFieldListFilter).
FILTER_SUFFIXES = ("", "__exact", "__isnull", "__isempty", "__gte", "__lt")
DATE_HIERARCHY_SUFFIXES = ("__year", "__month", "__day")


def _holds_nul(params) -> bool:
    return any("\x00" in key or any("\x00" in v for v in params.getlist(key)) for key in params)


def _is_personal(path: str) -> bool:
    """A search, filter or column path that ends in (or passes through) a personal field."""
    return any(part in PERSONAL_FIELDS for part in path.lstrip("^=@").split("__"))


class QuerystringGuardMixin:
    """Changelists answer only the parameters their own filters send; NUL never reaches SQL."""

    def allowed_lookups(self, request) -> set[str]:
        allowed: set[str] = set()
        for item in self.get_list_filter(request):
            if isinstance(item, str | list | tuple):
                path = item if isinstance(item, str) else item[0]
                allowed.update(path + suffix for suffix in FILTER_SUFFIXES)
                field = get_fields_from_path(self.model, path)[-1]
                if field.is_relation:
                    target = field.target_field.name if field.many_to_one else "id"
                    allowed.add(f"{path}__{target}__exact")
            else:  # a SimpleListFilter class: it reads one parameter of its own
                allowed.add(item.parameter_name)
        if self.date_hierarchy:
            allowed.update(self.date_hierarchy + suffix for suffix in DATE_HIERARCHY_SUFFIXES)
        return allowed

    def lookup_allowed(self, lookup, value, request):
        # Django's default also allows any lookup on any local field; not here.
        return lookup in self.allowed_lookups(request)

    def get_changelist_instance(self, request):
        if _holds_nul(request.GET):
            # The changelist answers this with its own "?e=1" redirect.
            raise IncorrectLookupParameters("NUL character in the query string")
        return super().get_changelist_instance(request)

    def get_search_results(self, request, queryset, search_term):
        # Shared by the changelist's search box and the autocomplete of every related field.
        if "\x00" in search_term or len(search_term) > MAX_SEARCH_LENGTH:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


def same_event_form(form_class):
    """``form_class`` refusing a choice that belongs to another event than the row itself.

    Choices are already limited to the user's events; this also stops one of the user's events'
    categories (rooms, speakers…) from being attached to a row of another of them.
    """

    class SameEventForm(form_class):
        def clean(self):
            cleaned = super().clean()
            related = [
                (name, value)
                for name, value in cleaned.items()
                if isinstance(value, models.Model) and event_id_of(value) is not None
            ]
            reference = None
            if isinstance(cleaned.get("event"), Event):
                reference = cleaned["event"].pk
            else:
                parents = [
                    value
                    for name, value in related
                    if isinstance(self.fields.get(name), InlineForeignKeyField)
                ]
                if parents:
                    reference = event_id_of(parents[0])
                elif self.instance.pk is not None:
                    reference = event_id_of(self.instance)
            for name, value in related:
                event_id = event_id_of(value)
                if reference is None:
                    reference = event_id
                elif event_id != reference and name in self.fields:
                    self.add_error(
                        name,
                        ValidationError(
                            _("“%(choice)s” belongs to another event."),
                            code="other_event",
                            params={"choice": value},
                        ),
                    )
            return cleaned

    SameEventForm.__name__ = form_class.__name__
    return SameEventForm


class ScopedChoicesMixin:
    """Foreign-key and many-to-many choices limited to the events where the user holds
    ``event_flag``, and a form that refuses mixing events."""

    event_flag = ORGANISER

    def scoped_choices(self, db_field, request):
        """The related rows the user may pick, or None when the relation is not per event."""
        if request.user.is_superuser:
            return None
        related = db_field.related_model
        if related is Event:
            path = "pk"
        else:
            related_admin = self.admin_site._registry.get(related)
            path = getattr(related_admin, "event_field", None)
            if path is None:
                try:
                    related._meta.get_field("event")
                except FieldDoesNotExist:
                    return None
                path = "event"
        event_ids = organised_event_ids(request.user, self.event_flag)
        return related._default_manager.filter(**{f"{path}__in": event_ids}).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = self.scoped_choices(db_field, request)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        choices = self.scoped_choices(db_field, request)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ContentColumnsMixin:
    """Forms edit a translated text through its plain field (``name``), not through its
    per-language columns (``name_en``, ``name_fr``…), which would overwrite it when saved;
    ``content_columns_shown`` names the columns a form still edits on their own."""

    content_columns_shown: tuple[str, ...] = ()

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or ())
        try:
            translated = translator.get_options_for_model(self.model).fields
        except NotRegistered:
            return excluded or None
        for field in translated:
            excluded += [c for c in text_fields(field) if c not in self.content_columns_shown]
        return excluded


class ScopedModelAdmin(
    ContentColumnsMixin, QuerystringGuardMixin, ScopedChoicesMixin, ObjectPermissionsModelAdmin
):
    """A model admin whose rows belong to events (through ``event_field``).

    Non-superusers see the rows of the events where one of their teams holds ``event_flag``
    (the same flag ``rules.py`` asks for the model's permissions), pick related rows of those
    events only, and search or filter personal fields only where they also hold the
    personal-data flag. ``event_field = None``: rows shared by every event (organisations,
    venues), left to the permission rules alone.
    """

    event_field: str | None = "event"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if self.event_field is None or request.user.is_superuser:
            return qs
        event_ids = organised_event_ids(request.user, self.event_flag)
        qs = qs.filter(**{f"{self.event_field}__in": event_ids})
        if (
            self.event_field != "pk"
            and get_fields_from_path(self.model, self.event_field)[0].many_to_many
        ):
            qs = qs.distinct()
        return qs

    def sees_personal_data(self, request) -> bool:
        """Whether every event of this page's rows is one where the user holds the flag."""
        if request.user.is_superuser:
            return True
        if self.event_field is None:
            return False
        scope = set(organised_event_ids(request.user, self.event_flag))
        return scope <= set(organised_event_ids(request.user, PERSONAL_DATA_FLAG))

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if self.sees_personal_data(request):
            return fields
        return [f for f in fields if not _is_personal(f)]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if self.sees_personal_data(request):
            return filters
        return [
            f
            for f in filters
            if not (
                isinstance(f, str | list | tuple)
                and _is_personal(f if isinstance(f, str) else f[0])
            )
        ]

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if self.sees_personal_data(request):
            return columns
        return [c for c in columns if not (isinstance(c, str) and _is_personal(c))]

    def get_form(self, request, obj=None, change=False, **kwargs):
        return same_event_form(super().get_form(request, obj, change, **kwargs))


class ReadOnlyScopedAdmin(ScopedModelAdmin):
    """Records that change only through their services: shown for audit, never edited."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserOnlyAdmin(ContentColumnsMixin, QuerystringGuardMixin, admin.ModelAdmin):
    """For administrators only (raw payment-provider deliveries and the like)."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScopedTabularInline(ScopedChoicesMixin, ObjectPermissionsTabularInline):
    """An inline whose choices are scoped like its parent's (set ``event_flag`` to match)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = same_event_form(formset.form)
        return formset


def harden_registered_admins(site=admin.site) -> None:
    """Give the admins other apps registered (auth, axes) the same querystring guard.

    They are for superusers only, but a superuser's hostile or mistyped querystring must not
    turn into a 500 either (``?username__regex=[``).
    """
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, QuerystringGuardMixin):
            continue
        cls = type(model_admin)
        guarded = type(cls.__name__, (QuerystringGuardMixin, cls), {"__module__": cls.__module__})
        site.unregister(model)
        site.register(model, guarded)


# Apps listed before ``forum`` in INSTALLED_APPS have registered their admins by now; import
# the two that do so explicitly, so the order of imports cannot leave one unguarded.
import axes.admin  # noqa: E402, F401
import django.contrib.auth.admin  # noqa: E402, F401

harden_registered_admins()
