"""Reviewers' pages under /<lang>/manage/<event_slug>/reviews/: the queue, a proposal with
its score form, the ranking and its CSV.

A reviewer sees only the proposals ``sessions.selectors.reviews`` lets them review (anything
else is a 404), never the contact's email or phone, never another reviewer's comment, and,
when the call anonymises, nobody who proposes, co-organises or speaks. Programme managers
reach the ranking too; the ranking shows them who proposes (their own proposal pages show
everything).
"""

import csv
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from events.decorators import event_permission_required
from events.models import Event
from forum.content import CONTENT_LANGUAGES, Language, text_direction, texts_of
from forum.spreadsheets import csv_safe
from registrations.enums import QuestionTarget
from registrations.selectors.questions import answer_text, question_list, questions_visible
from sessions.decorators import reviewer_required
from sessions.forms.reviews import ReviewFilterForm, ReviewForm
from sessions.models import CallForProposals, Proposal, Track
from sessions.selectors.reviews import (
    proposals_under_review,
    review_criteria,
    review_of,
    review_progress,
    review_proposal_get,
    review_queue,
    review_ranking,
    reviewable_proposals,
    reviewer_progress,
)
from sessions.services.reviews import ReviewError, ReviewScoresError, review_save

# The ranking: reviewers and programme managers; everyone else gets a 404.
organiser_required = event_permission_required("events.manage_event", slug_kwarg="event_slug")


def _call(event: Event) -> CallForProposals | None:
    return CallForProposals.objects.filter(event=event).first()


def _anonymous(call: CallForProposals | None) -> bool:
    return call is None or call.anonymise


@reviewer_required
def review_queue_view(request, event: Event):
    """The proposals I may review, my score or "to review", with my progress."""
    tracks = list(Track.objects.filter(event=event).order_by("order", "pk"))
    filters = ReviewFilterForm(request.GET or None, tracks=tracks)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    by_pk = {track.pk: track for track in tracks}
    proposals = list(
        review_queue(
            event=event,
            user=request.user,
            track=by_pk.get(criteria.get("track")),
            to_review=bool(criteria.get("to_review")),
        )
    )
    return render(
        request,
        "sessions/manage/reviews_queue.html",
        {
            "event": event,
            "filters": filters,
            "proposals": proposals,
            "progress": review_progress(event=event, user=request.user),
            "current": "reviews",
        },
    )


def _other_languages(proposal: Proposal, field: str, shown) -> list[dict]:
    """The texts of ``field`` in the languages other than the one ``shown``."""
    return [
        {"code": code, "label": Language(code).label, "dir": text_direction(code), "text": text}
        for code, text in texts_of(proposal, field).items()
        if code != shown.lang and code in CONTENT_LANGUAGES
    ]


def _language_labels(codes) -> list[str]:
    return [str(Language(code).label) for code in codes if code in CONTENT_LANGUAGES]


@reviewer_required
def review_proposal_view(request, event: Event, code: str):
    """One proposal as its reviewer sees it, and their score form."""
    try:
        proposal = review_proposal_get(event=event, user=request.user, code=code)
    except Proposal.DoesNotExist:
        raise Http404 from None
    criteria = review_criteria(proposal=proposal)
    mine = review_of(proposal=proposal, user=request.user)
    initial = {}
    if mine is not None:
        initial = {f"score_{score.criterion_id}": score.score for score in mine.scores.all()}
        initial["comment"] = mine.comment
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        criteria=criteria,
        languages=event.languages,
    )
    if request.method == "POST" and form.is_valid():
        try:
            review_save(
                proposal=proposal,
                reviewer=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ReviewScoresError as exc:
            form.add_scores_errors(exc.errors)
        except ReviewError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request, _("Your review of %(code)s is saved.") % {"code": proposal.code}
            )
            return redirect("programme_manage:reviews", event_slug=event.slug)
    questions = questions_visible(
        question_list(event=event, active_only=True, target=QuestionTarget.PROPOSAL),
        personal=False,
    )
    answers = {answer.question_id: answer for answer in proposal.answers.all()}
    title, abstract = proposal.display_title, proposal.display_abstract
    return render(
        request,
        "sessions/manage/reviews_proposal.html",
        {
            "event": event,
            "proposal": proposal,
            "anonymous": proposal.call.anonymise,
            "title": title,
            "abstract": abstract,
            "other_titles": _other_languages(proposal, "title", title),
            "other_abstracts": _other_languages(proposal, "abstract", abstract),
            # Not "languages": base.html's language switcher sets that name.
            "spoken_languages": _language_labels(proposal.languages),
            "interpretation": _language_labels(proposal.interpretation_languages),
            "answers": [
                (question, answer_text(question, answers.get(question.pk)))
                for question in questions
            ],
            "form": form,
            "reviewed": mine is not None,
            "current": "reviews",
        },
    )


def _ranking_rows(request, event: Event):
    """(rows, whether the viewer manages proposals); a 404 for anyone else."""
    manager = request.user.has_perm("programme.manage_proposals", event)
    if not manager and not request.user.has_perm("programme.review_proposals", event):
        raise Http404
    proposals = (
        proposals_under_review(event=event)
        if manager
        else reviewable_proposals(event=event, user=request.user)
    )
    proposals = proposals.select_related("organisation")
    return list(review_ranking(proposals=proposals, user=request.user)), manager


@organiser_required
def review_ranking_view(request, event: Event):
    """Proposals by mean score (then agreement); managers also see each reviewer's progress."""
    rows, manager = _ranking_rows(request, event)
    return render(
        request,
        "sessions/manage/reviews_ranking.html",
        {
            "event": event,
            "rows": rows,
            # Who proposes: for programme managers, or when the call does not anonymise.
            "show_proposer": manager or not _anonymous(_call(event)),
            "reviewers": list(reviewer_progress(event=event)) if manager else None,
            "current": "ranking",
        },
    )


def _number(value) -> str:
    if value is None:
        return ""
    return str(Decimal(value).quantize(Decimal("0.01")))


@organiser_required
def review_ranking_csv(request, event: Event):
    """The ranking as CSV, with what the page shows."""
    rows, manager = _ranking_rows(request, event)
    show_proposer = manager or not _anonymous(_call(event))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-ranking.csv"'
    writer = csv.writer(response)
    header = [
        _("Rank"),
        _("Reference"),
        _("Title"),
        _("Track"),
        _("Format"),
        _("State"),
        _("Reviews"),
        _("Mean"),
        _("Lowest"),
        _("Highest"),
        _("Spread"),
        _("My score"),
    ]
    if show_proposer:
        header.append(_("Proposing organisation"))
    writer.writerow([csv_safe(cell) for cell in header])
    for rank, proposal in enumerate(rows, start=1):
        line = [
            rank,
            proposal.code,
            proposal.display_title,
            proposal.track.name if proposal.track else "",
            proposal.get_format_display(),
            proposal.get_state_display(),
            proposal.review_count,
            _number(proposal.score_mean),
            _number(proposal.score_min),
            _number(proposal.score_max),
            _number(proposal.score_spread),
            _number(proposal.my_total),
        ]
        if show_proposer:
            line.append(proposal.organisation_name)
        writer.writerow([csv_safe(cell) for cell in line])
    return response
