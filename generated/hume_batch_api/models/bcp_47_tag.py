from enum import Enum


class Bcp47Tag(str, Enum):
    ZH = "zh"
    DA = "da"
    NL = "nl"
    EN = "en"
    EN_AU = "en-AU"
    EN_IN = "en-IN"
    EN_NZ = "en-NZ"
    EN_GB = "en-GB"
    FR = "fr"
    FR_CA = "fr-CA"
    DE = "de"
    HI = "hi"
    HI_LATN = "hi-Latn"
    ID = "id"
    IT = "it"
    JA = "ja"
    KO = "ko"
    NO = "no"
    PL = "pl"
    PT = "pt"
    PT_BR = "pt-BR"
    PT_PT = "pt-PT"
    RU = "ru"
    ES = "es"
    ES_419 = "es-419"
    SV = "sv"
    TA = "ta"
    TR = "tr"
    UK = "uk"

    def __str__(self) -> str:
        return str(self.value)
