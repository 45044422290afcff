from tests.events.workspace.conftest import client_of, quito, secretariat

__all__ = ["client_of", "quito", "secretariat"]
