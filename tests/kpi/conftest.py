from __future__ import annotations

import pytest

from kpi.model import Model
from tests.kpi.fixtures import fixture_model


@pytest.fixture
def model() -> Model:
    return fixture_model()
