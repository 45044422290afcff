"""What forms and the API hand to the outcomes services: plain values, already shaped."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class PledgeInput:
    """One text of a pledge as the signatory sends it. Translated texts are ``{code: text}``
    in the content languages; the service checks every value (``pledge_create``)."""

    titles: Mapping[str, str]
    descriptions: Mapping[str, str] = field(default_factory=dict)
    track_id: int | None = None
    status: str = "planned"
    target_date: date | None = None
    link: str = ""
    figure: int | None = None
    figure_labels: Mapping[str, str] = field(default_factory=dict)
