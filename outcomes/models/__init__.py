from .endorsement import Endorsement
from .statement import Comment, Statement, StatementTransition, StatementVersion

__all__ = ["Comment", "Endorsement", "Statement", "StatementTransition", "StatementVersion"]
