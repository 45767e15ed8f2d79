"""One local Spark session for the whole parity suite: the JVM takes seconds to start."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def spark():
    from zhixing.supervision import engine

    session = engine.spark_session()
    yield session
    session.stop()
