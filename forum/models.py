"""Shared core tables: the background-job outbox and cross-process rate counters."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """One unit of background work, written in the same transaction as the change behind it.

    A committed write therefore never loses its email or webhook, whatever happens to the
    broker: a worker (Celery, or the embedded runner) picks due rows up and runs them.
    """

    task = models.CharField(max_length=200)  # dotted name of a Celery task
    kwargs = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    run_after = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "run_after"], name="forum_job_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=JobState.values), name="forum_job_state_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk} ({self.state})"


class RateCounter(models.Model):
    """Hits of one rate-limit bucket in its current window, shared by every process.

    Used when no Redis cache is configured, so limits hold across workers in the embedded
    default too.
    """

    key = models.CharField(max_length=64, primary_key=True)  # SHA-256 of the bucket name
    window_ends = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key[:12]}… {self.count} until {self.window_ends:%H:%M:%S}"
