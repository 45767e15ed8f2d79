from tests.simulators.bank_fixture import bank, notify_receiver  # noqa: F401 - pytest fixtures
