from enum import Enum


class Granularity(str, Enum):
    CONVERSATIONAL_TURN = "conversational_turn"
    SENTENCE = "sentence"
    UTTERANCE = "utterance"
    WORD = "word"

    def __str__(self) -> str:
        return str(self.value)
