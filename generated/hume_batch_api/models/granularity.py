from enum import Enum


class Granularity(str, Enum):
    WORD = "word"
    SENTENCE = "sentence"
    UTTERANCE = "utterance"
    CONVERSATIONAL_TURN = "conversational_turn"

    def __str__(self) -> str:
        return str(self.value)
