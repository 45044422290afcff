from .endorsement import Endorsement
from .pledge import Pledge, PledgeRevision, StatementSource
from .statement import Comment, Statement, StatementTransition, StatementVersion

__all__ = [
    "Comment",
    "Endorsement",
    "Pledge",
    "PledgeRevision",
    "Statement",
    "StatementSource",
    "StatementTransition",
    "StatementVersion",
]
