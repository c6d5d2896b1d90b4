from __future__ import annotations

import pytest

from kpi.dataset import Dataset
from kpi.demo import generate
from kpi.model import Model, prepare
from tests.kpi.fixtures import fixture_model


@pytest.fixture(scope="session")
def demo_model() -> Model:
    return prepare(Dataset.from_frames(generate()))


@pytest.fixture
def model() -> Model:
    return fixture_model()
