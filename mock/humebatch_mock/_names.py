"""Names that appear inside score lists, spelled as the API spells them (contract.md §8.5).

Emotion names are confirmed by the docs and real payloads; FACS, description, burst-description
names are not published exactly, so these lists are plausible stand-ins (names are data).
"""

from __future__ import annotations

EMOTIONS_48: tuple[str, ...] = (
    "Admiration",
    "Adoration",
    "Aesthetic Appreciation",
    "Amusement",
    "Anger",
    "Anxiety",
    "Awe",
    "Awkwardness",
    "Boredom",
    "Calmness",
    "Concentration",
    "Confusion",
    "Contemplation",
    "Contempt",
    "Contentment",
    "Craving",
    "Desire",
    "Determination",
    "Disappointment",
    "Disgust",
    "Distress",
    "Doubt",
    "Ecstasy",
    "Embarrassment",
    "Empathic Pain",
    "Entrancement",
    "Envy",
    "Excitement",
    "Fear",
    "Guilt",
    "Horror",
    "Interest",
    "Joy",
    "Love",
    "Nostalgia",
    "Pain",
    "Pride",
    "Realization",
    "Relief",
    "Romance",
    "Sadness",
    "Satisfaction",
    "Shame",
    "Surprise (negative)",
    "Surprise (positive)",
    "Sympathy",
    "Tiredness",
    "Triumph",
)

# The language (and NER) models add five names, kept in alphabetical position.
EMOTIONS_53: tuple[str, ...] = tuple(
    sorted(
        (*EMOTIONS_48, "Annoyance", "Disapproval", "Enthusiasm", "Gratitude", "Sarcasm"),
        key=str.lower,
    )
)

FACS: tuple[str, ...] = (
    "AU1 Inner Brow Raise",
    "AU2 Outer Brow Raise",
    "AU4 Brow Lowerer",
    "AU5 Upper Lid Raise",
    "AU6 Cheek Raise",
    "AU7 Lids Tight",
    "AU9 Nose Wrinkle",
    "AU10 Upper Lip Raiser",
    "AU11 Nasolabial Furrow Deepener",
    "AU12 Lip Corner Puller",
    "AU14 Dimpler",
    "AU15 Lip Corner Depressor",
    "AU16 Lower Lip Depress",
    "AU17 Chin Raiser",
    "AU18 Lip Pucker",
    "AU19 Tongue Show",
    "AU20 Lip Stretch",
    "AU22 Lip Funneler",
    "AU23 Lip Tightener",
    "AU24 Lip Presser",
    "AU25 Lips Part",
    "AU26 Jaw Drop",
    "AU27 Mouth Stretch",
    "AU28 Lips Suck",
    "AU32 Bite",
    "AU34 Puff",
    "AU37 Lip Wipe",
    "AU38 Nostril Dilate",
    "AU43 Eye Closure",
    "AU53 Head Up",
    "AU54 Head Down",
    "Hand over Eyes",
    "Hand over Mouth",
    "Hand touching Face",
)

FACE_DESCRIPTIONS: tuple[str, ...] = (
    "Angry",
    "Bored",
    "Cheeky",
    "Confused",
    "Curious",
    "Disgusted",
    "Doubtful",
    "Frown",
    "Glare",
    "Happy",
    "Jaw Drop",
    "Nose Crinkle",
    "Pout",
    "Sad",
    "Scowl",
    "Smile",
    "Smirk",
    "Squint",
    "Surprised",
    "Wink",
)

BURST_DESCRIPTIONS: tuple[str, ...] = (
    "Aah",
    "Aha",
    "Ahh",
    "Argh",
    "Cry",
    "Gasp",
    "Groan",
    "Growl",
    "Hmm",
    "Huh",
    "Laugh",
    "Oh",
    "Ooh",
    "Scream",
    "Shriek",
    "Sigh",
    "Sniff",
    "Uh",
    "Ugh",
    "Wow",
)

SENTIMENT: tuple[str, ...] = tuple(str(level) for level in range(1, 10))

TOXICITY: tuple[str, ...] = (
    "toxic",
    "severe_toxic",
    "obscene",
    "threat",
    "insult",
    "identity_hate",
)

BCP47_TAGS: frozenset[str] = frozenset(
    [
        "zh",
        "da",
        "nl",
        "en",
        "en-AU",
        "en-IN",
        "en-NZ",
        "en-GB",
        "fr",
        "fr-CA",
        "de",
        "hi",
        "hi-Latn",
        "id",
        "it",
        "ja",
        "ko",
        "no",
        "pl",
        "pt",
        "pt-BR",
        "pt-PT",
        "ru",
        "es",
        "es-419",
        "sv",
        "ta",
        "tr",
        "uk",
    ]
)

GRANULARITIES: frozenset[str] = frozenset(("word", "sentence", "utterance", "conversational_turn"))

MODEL_NAMES: tuple[str, ...] = ("face", "burst", "prosody", "language", "ner", "facemesh")
