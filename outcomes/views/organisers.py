"""Organiser pages under /<lang>/manage/<event>/statements/.

Only organisers of that event holding ``can_manage_outcomes`` (or superusers) get in; anyone
else logged in gets a 404, as on the other organiser pages. Every change goes through a
service: states, versions, comments and endorsements are never written here.
"""

import re

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.decorators import event_permission_required
from events.enums import WORKING_LANGUAGES
from events.models import Event
from forum.content import content_code
from forum.errors import ServiceError
from outcomes.enums import STATEMENT_TRANSITIONS, StatementState
from outcomes.forms.statements import (
    AdoptForm,
    AnswerForm,
    NoteForm,
    StatementCreateForm,
    StatementSettingsForm,
    VersionForm,
    WithdrawForm,
)
from outcomes.models import Comment, Endorsement, Statement
from outcomes.selectors.endorsements import endorsement_list_for_organiser
from outcomes.selectors.sources import anchor_language, sources_by_section
from outcomes.selectors.statements import (
    statement_latest_version,
    statement_list_for_organiser,
    version_list,
)
from outcomes.services import OutcomeError
from outcomes.services.comments import comment_answer, comment_resolve
from outcomes.services.endorsements import (
    endorsement_approve,
    endorsement_evidence,
    endorsement_withdraw,
)
from outcomes.services.statements import (
    statement_adopt,
    statement_close,
    statement_create,
    statement_open_consultation,
    statement_open_for_endorsement,
    statement_return_to_draft,
    statement_settings_update,
    statement_version_create,
)
from outcomes.text import sections_split

outcomes_manager_required = event_permission_required(
    "outcomes.manage_outcomes", slug_kwarg="event_slug"
)


def _statement(event: Event, slug: str) -> Statement:
    statement = get_object_or_404(
        Statement.objects.select_related("adopted_version"), event=event, slug=slug
    )
    statement.event = event
    return statement


@outcomes_manager_required
def statements(request, event: Event):
    return render(
        request,
        "manage/statements_list.html",
        {"event": event, "statements": list(statement_list_for_organiser(event=event))},
    )


@outcomes_manager_required
def statement_new(request, event: Event):
    form = StatementCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            statement = statement_create(
                event=event,
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                texts=form.texts(),
                endorsing_kinds=data["endorsing_kinds"],
                requires_approval=data["requires_approval"],
                user=request.user,
            )
        except OutcomeError as exc:
            form.add_error("slug" if exc.code == "slug" else None, exc.message)
        else:
            messages.success(request, _("The draft has been created."))
            return redirect("outcomes_manage:statement", event_slug=event.slug, slug=statement.slug)
    return render(request, "manage/statements_new.html", {"event": event, "form": form})


# Buttons of the detail page: action -> (service, label); adoption has its own form.
MOVES = {
    "consultation": (StatementState.CONSULTATION, statement_open_consultation),
    "draft": (StatementState.DRAFT, statement_return_to_draft),
    "open": (StatementState.OPEN, statement_open_for_endorsement),
    "close": (StatementState.CLOSED, statement_close),
}


@outcomes_manager_required
def statement_manage(request, event: Event, slug: str):
    """State, moves, adoption, settings, versions and the log of who moved what when."""
    statement = _statement(event, slug)
    action = request.POST.get("action")
    adopt_form = AdoptForm(
        request.POST if action == "adopt" else None,
        statement=statement,
        initial={"adopted_on": event.end_date},
    )
    settings_form = StatementSettingsForm(
        request.POST if action == "settings" else None,
        initial={
            "title": statement.title,
            "summary": statement.summary,
            "endorsing_kinds": statement.endorsing_kinds,
            "requires_approval": statement.requires_approval,
        },
    )
    note_form = NoteForm(request.POST if action in MOVES else None)
    here = redirect("outcomes_manage:statement", event_slug=event.slug, slug=statement.slug)
    try:
        if action in MOVES and note_form.is_valid():
            _state, service = MOVES[action]
            kwargs = {"statement": statement, "user": request.user}
            if action in ("draft", "close"):
                kwargs["note"] = note_form.cleaned_data["note"]
            moved = service(**kwargs)
            messages.success(
                request,
                _("The statement is now %(state)s.") % {"state": moved.get_state_display().lower()},
            )
            return here
        if action == "adopt" and adopt_form.is_valid():
            statement_adopt(
                statement=statement,
                version=adopt_form.cleaned_data["version"],
                adopted_on=adopt_form.cleaned_data["adopted_on"],
                note=adopt_form.cleaned_data["note"],
                user=request.user,
            )
            messages.success(request, _("The statement is adopted; its text is now public."))
            return here
        if action == "settings" and settings_form.is_valid():
            data = settings_form.cleaned_data
            statement_settings_update(
                statement=statement,
                title=data["title"],
                summary=data["summary"],
                endorsing_kinds=data["endorsing_kinds"],
                requires_approval=data["requires_approval"],
                user=request.user,
            )
            messages.success(request, _("The settings have been saved."))
            return here
    except ServiceError as exc:  # a refusal, or Busy
        messages.error(request, exc.message)
        return here
    allowed = STATEMENT_TRANSITIONS.get(statement.state, ())
    moves = [
        (action_name, state) for action_name, (state, _service) in MOVES.items() if state in allowed
    ]
    versions = version_list(statement=statement)
    latest = versions[0]
    language = anchor_language(version=latest, languages=event.languages)
    # Sections named in the text's language; session titles for the page's reader.
    sources = sources_by_section(
        version=latest,
        language=language,
        event=event,
        title_language=content_code(translation.get_language()),
    )
    return render(
        request,
        "manage/statements_detail.html",
        {
            "event": event,
            "statement": statement,
            "versions": versions,
            "latest": latest,
            "source_language": language,
            "source_sections": [
                (section, sources[section.anchor])
                for section in sections_split(latest.text(language))
                if section.anchor in sources
            ],
            "transitions": list(statement.transitions.select_related("actor")),
            "moves": moves,
            "can_adopt": StatementState.ADOPTED in allowed,
            "adopt_form": adopt_form,
            "settings_form": settings_form,
            "note_form": note_form,
            "current": "statement",
        },
    )


@outcomes_manager_required
def version_new(request, event: Event, slug: str):
    statement = _statement(event, slug)
    latest = statement_latest_version(statement=statement)
    form = VersionForm(
        request.POST or None,
        initial={f"text_{c}": latest.text(c) for c in WORKING_LANGUAGES} if latest else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = statement_version_create(
                statement=statement,
                texts=form.texts(),
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except OutcomeError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Version %(number)s has been saved.") % {"number": version.number}
            )
            return redirect("outcomes_manage:statement", event_slug=event.slug, slug=statement.slug)
    return render(
        request,
        "manage/statements_version.html",
        {
            "event": event,
            "statement": statement,
            "form": form,
            "latest": latest,
            "current": "version",
        },
    )


def _posted_id(request, name: str) -> int | None:
    """The id a button posted; None (found nowhere: a 404) when it is not a plain number."""
    value = request.POST.get(name, "")
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None


@outcomes_manager_required
def comments(request, event: Event, slug: str):
    """Every comment of the consultation by section, with answer and resolve buttons."""
    statement = _statement(event, slug)
    action = request.POST.get("action")
    if request.method == "POST":
        comment = get_object_or_404(Comment, pk=_posted_id(request, "comment"), statement=statement)
        try:
            if action == "answer":
                form = AnswerForm(request.POST, prefix=f"c{comment.pk}")
                if not form.is_valid():
                    raise OutcomeError(_("Write an answer."))
                comment_answer(
                    comment=comment, user=request.user, answer=form.cleaned_data["answer"]
                )
                messages.success(request, _("Your answer has been saved."))
            elif action == "resolve":
                comment_resolve(comment=comment, user=request.user)
                messages.success(request, _("The comment is marked resolved."))
        except OutcomeError as exc:
            messages.error(request, exc.message)
        return redirect(f"{request.path}?{request.GET.urlencode()}#comment-{comment.pk}")
    show = request.GET.get("show", "open")
    queryset = statement.comments.select_related(
        "registration__organisation", "version", "answered_by", "resolved_by"
    ).order_by("version__number", "section", "created_at", "pk")
    if show == "open":
        queryset = queryset.filter(resolved_at__isnull=True)
    rows = [(c, AnswerForm(prefix=f"c{c.pk}", initial={"answer": c.answer})) for c in queryset]
    return render(
        request,
        "manage/statements_comments.html",
        {"event": event, "statement": statement, "rows": rows, "show": show, "current": "comments"},
    )


@outcomes_manager_required
def endorsements(request, event: Event, slug: str):
    """All endorsements with their private details; approve pending ones, withdraw any."""
    statement = _statement(event, slug)
    action = request.POST.get("action")
    if request.method == "POST":
        endorsement = get_object_or_404(
            Endorsement, pk=_posted_id(request, "endorsement"), statement=statement
        )
        try:
            if action == "approve":
                endorsement_approve(endorsement=endorsement, user=request.user)
                messages.success(
                    request,
                    _("The endorsement of %(organisation)s is now public.")
                    % {"organisation": endorsement.organisation.name},
                )
            elif action == "withdraw":
                form = WithdrawForm(request.POST, prefix=f"e{endorsement.pk}")
                if not form.is_valid():
                    raise OutcomeError(_("Give a reason for the withdrawal."))
                endorsement_withdraw(
                    endorsement=endorsement,
                    actor_label="organiser",
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(
                    request,
                    _("The endorsement of %(organisation)s has been withdrawn.")
                    % {"organisation": endorsement.organisation.name},
                )
        except OutcomeError as exc:
            messages.error(request, exc.message)
        return redirect("outcomes_manage:endorsements", event_slug=event.slug, slug=statement.slug)
    rows = [
        (
            e,
            WithdrawForm(prefix=f"e{e.pk}") if e.state != "withdrawn" else None,
            endorsement_evidence(endorsement=e),
        )
        for e in endorsement_list_for_organiser(statement=statement)
    ]
    return render(
        request,
        "manage/statements_endorsements.html",
        {
            "event": event,
            "statement": statement,
            "rows": rows,
            "now": timezone.now(),
            "current": "endorsements",
        },
    )
