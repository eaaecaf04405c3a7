import pickle
from enum import StrEnum

from coachsite.choices import text_choices


class Vocabulary:
    class Level(StrEnum):
        """Labelled the way coaching.vocabulary's terms are."""

        BEGINNER = "beginner"
        VERY_ADVANCED = "very_advanced"

        @property
        def label(self) -> str:
            return {"beginner": "Beginner", "very_advanced": "Very advanced (> 5 years)"}[self]


Level = text_choices(Vocabulary.Level, module=__name__)


def test_choices_keep_the_vocabulary_names_values_and_labels() -> None:
    assert Level.choices == [
        ("beginner", "Beginner"),
        ("very_advanced", "Very advanced (> 5 years)"),
    ]
    assert Level.names == ["BEGINNER", "VERY_ADVANCED"]
    assert Level.VERY_ADVANCED.label == Vocabulary.Level.VERY_ADVANCED.label


def test_a_choice_equals_its_vocabulary_term_and_the_stored_string() -> None:
    assert Level.BEGINNER == Vocabulary.Level.BEGINNER == "beginner"
    assert Level("beginner") is Level.BEGINNER


def test_a_choice_pickles_back_to_itself_from_its_module() -> None:
    assert pickle.loads(pickle.dumps(Level.VERY_ADVANCED)) is Level.VERY_ADVANCED
